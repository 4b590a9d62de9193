using BreatheBot.Benchmarks.ClusterLibraries;

// Node processes are started by the coordinator with "<library>-node …"; see Coordinator for the run's options.
if (args.Length > 0 && args[0].EndsWith("-node", StringComparison.Ordinal))
{
    var scenario = Scenario.FromArgs(args);
    await (scenario.Library switch
    {
        "quartz" => new QuartzNode(scenario).RunAsync(),
        "plain-sql" => new PlainSqlNode(scenario).RunAsync(),
        "wolverine" => new WolverineNode(scenario).RunAsync(),
        _ => throw new ArgumentException($"unknown library {scenario.Library}"),
    });
    return 0;
}
return await Coordinator.RunAsync(args);
