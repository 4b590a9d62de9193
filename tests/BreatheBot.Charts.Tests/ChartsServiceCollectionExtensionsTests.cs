using BreatheBot.Core.Insights;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.Charts.Tests;

public sealed class ChartsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddChartRendering_registers_the_ScottPlot_renderer_as_a_singleton()
    {
        var services = new ServiceCollection();

        services.AddChartRendering();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IChartRenderer));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(typeof(ScottPlotChartRenderer), descriptor.ImplementationType);
    }

    [Fact]
    public void AddChartRendering_twice_registers_one_renderer()
    {
        var services = new ServiceCollection();

        services.AddChartRendering().AddChartRendering();

        Assert.Single(services, d => d.ServiceType == typeof(IChartRenderer));
    }

    [Fact]
    public void AddChartRendering_keeps_a_renderer_registered_before_it()
    {
        var services = new ServiceCollection();
        var fake = new FakeRenderer();
        services.AddSingleton<IChartRenderer>(fake);

        services.AddChartRendering();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IChartRenderer));
        Assert.Same(fake, descriptor.ImplementationInstance);
    }

    [Fact]
    public void The_registered_renderer_resolves_and_renders()
    {
        using var provider = new ServiceCollection().AddChartRendering().BuildServiceProvider();

        var renderer = provider.GetRequiredService<IChartRenderer>();

        using var bitmap = Png.AssertValid(renderer.RenderPng(Diaries.Few()), renderer.Size);
    }

    private sealed class FakeRenderer : IChartRenderer
    {
        public (int Width, int Height) Size => (1, 1);

        public byte[] RenderPng(DiaryChart chart) => [];
    }
}

public sealed class BundledFontTests
{
    [Fact]
    public void Charts_use_the_font_shipped_with_the_renderer_not_whatever_the_machine_has()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf")));
        Assert.Equal(BreatheBot.Charts.ScottPlotChartRenderer.BundledFamily, BreatheBot.Charts.ScottPlotChartRenderer.FontFamilyInUse);
    }
}
