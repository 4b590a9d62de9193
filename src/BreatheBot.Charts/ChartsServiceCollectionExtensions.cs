using BreatheBot.Charts;
using BreatheBot.Core.Insights;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ChartsServiceCollectionExtensions
{
    /// <summary>The /stats chart renderer (ScottPlot, PNG). Stateless and thread-safe, so one instance serves every request.</summary>
    public static IServiceCollection AddChartRendering(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IChartRenderer, ScottPlotChartRenderer>();
        return services;
    }
}
