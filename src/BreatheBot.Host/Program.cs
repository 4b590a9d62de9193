return await BreatheBot.Host.BreatheBotHost.RunAsync(args);
