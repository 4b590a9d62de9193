using BreatheBot.Core.Insights;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.Reports.Tests;

public sealed class ReportsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddReportRendering_registers_the_pdf_renderer_once_as_a_singleton()
    {
        var services = new ServiceCollection();

        services.AddReportRendering().AddReportRendering();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IReportRenderer));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(typeof(PdfReportRenderer), descriptor.ImplementationType);
    }

    [Fact]
    public void The_registered_renderer_resolves_with_the_chart_renderer_and_makes_a_pdf()
    {
        using var provider = new ServiceCollection().AddChartRendering().AddReportRendering()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var pdf = provider.GetRequiredService<IReportRenderer>().RenderPdf(Diaries.Report());

        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.Contains("Headache diary report", PdfText.All(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_rendered_at_the_same_time_are_all_whole()
    {
        var renderer = new PdfReportRenderer(new BreatheBot.Charts.ScottPlotChartRenderer());

        var pdfs = Enumerable.Range(0, 4).AsParallel().Select(_ => renderer.RenderPdf(Diaries.Report())).ToList();

        Assert.All(pdfs, pdf => Assert.Contains("What helped most", PdfText.All(pdf), StringComparison.Ordinal));
    }
}
