using BreatheBot.Core.Insights;
using BreatheBot.Reports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>
    /// The /report PDF renderer (PDFsharp). It draws the chart with the registered <see cref="IChartRenderer"/>, so
    /// register chart rendering too. Stateless and thread-safe, so one instance serves every request.
    /// </summary>
    public static IServiceCollection AddReportRendering(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IReportRenderer, PdfReportRenderer>();
        return services;
    }
}
