using System.Text.Json;
using BreatheBot.Core.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BreatheBot.Host.Health;

/// <summary>
/// A small Kestrel server on <see cref="HealthOptions.Urls"/>: GET /healthz runs the live checks, GET /readyz the ready
/// ones (200 when Healthy or Degraded, 503 when Unhealthy, a JSON body naming each check), and GET /metrics serves the
/// BreatheBot meter in Prometheus text format through prometheus-net's MeterAdapter, in a registry of its own (only
/// this host's meter: no process-wide defaults). Nothing else is served.
/// </summary>
internal sealed class HealthServer(
    HealthCheckService checks,
    BreatheBotMetrics metrics,
    IOptions<HealthOptions> options,
    ILogger<HealthServer> logger) : IHostedService, IAsyncDisposable, IDisposable
{
    /// <summary>Seconds: a commit takes about a millisecond, a turn a few; a slow disk or a stuck writer shows in the top buckets.</summary>
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private IDisposable? _meterAdapter;
    private WebApplication? _app;

    /// <summary>The addresses Kestrel listens on (a port of 0 in the configuration is resolved here).</summary>
    public IReadOnlyList<string> ListenAddresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = _registry,
            // set too: prometheus-net 8.2.1 otherwise writes into the default (process-wide) registry and ignores Registry
            MetricFactory = Metrics.WithCustomRegistry(_registry),
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, metrics.Meter),
            ResolveHistogramBuckets = _ => DurationBuckets,
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // no request logs
        builder.WebHost.UseUrls([.. options.Value.UrlList()]);
        var app = builder.Build();
        app.MapGet("/healthz", context => ReportAsync(context, HealthTags.Live));
        app.MapGet("/readyz", context => ReportAsync(context, HealthTags.Ready));
        app.MapGet("/metrics", ScrapeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        ListenAddresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        foreach (var address in ListenAddresses)
        {
            Log.Listening(logger, address);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _meterAdapter?.Dispose();
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _meterAdapter?.Dispose();
        if (Interlocked.Exchange(ref _app, null) is IDisposable app)
        {
            app.Dispose();
        }
    }

    private async Task ReportAsync(HttpContext context, string tag)
    {
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains(tag), context.RequestAborted).ConfigureAwait(false);
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                Log.CheckNotHealthy(logger, name, entry.Status.ToString(), entry.Description ?? "");
            }
        }

        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            foreach (var (key, value) in entry.Data)
            {
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private async Task ScrapeAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await _registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
