using BreatheBot.DiscordAdapter;
using BreatheBot.Storage.LiteDb;
using BreatheBot.TelegramAdapter;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.Tests;

/// <summary>Relative paths are taken from one documented data directory, never from wherever the process was started.</summary>
public sealed class DataDirectoryTests
{
    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void A_configured_data_directory_wins_over_the_systemd_state_directory()
    {
        var data = DataDirectory.Resolve("/srv/breathebot", name => name == "STATE_DIRECTORY" ? "/var/lib/breathebot" : null);
        Assert.Equal("/srv/breathebot", data.Path);
        Assert.Equal("Data:Directory", data.Source);
    }

    [Fact]
    public void Under_systemd_the_state_directory_is_used()
    {
        var data = DataDirectory.Resolve(null, name => name == "STATE_DIRECTORY" ? "/var/lib/breathebot:/var/lib/other" : null);
        Assert.Equal("/var/lib/breathebot", data.Path);
    }

    [Fact]
    public void Otherwise_it_is_the_users_data_folder_not_the_working_directory()
    {
        var data = DataDirectory.Resolve(null, NoEnvironment);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "breathebot"), data.Path);
        Assert.NotEqual(Path.GetFullPath("."), Path.GetDirectoryName(data.Path));
    }

    [Fact]
    public void A_blank_data_directory_is_refused_naming_the_key()
    {
        var error = Assert.Throws<DataDirectoryException>(() => DataDirectory.Resolve("  ", NoEnvironment));
        Assert.StartsWith("Data:Directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_data_directory_and_absolute_ones_kept()
    {
        var data = new DataDirectory("/var/lib/breathebot", "test");
        Assert.Equal("/var/lib/breathebot/breathebot.db", data.Resolve("breathebot.db"));
        Assert.Equal("/var/lib/breathebot/sub/x.json", data.Resolve("sub/x.json"));
        Assert.Equal("/elsewhere/diary.db", data.Resolve("/elsewhere/diary.db"));
    }

    [Fact]
    public void The_host_resolves_every_file_setting_against_the_data_directory()
    {
        var folder = Directory.CreateTempSubdirectory("breathebot-data-").FullName;
        try
        {
            var builder = BreatheBotHost.CreateBuilder([], config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Data:Directory"] = folder,
                ["Telegram:BotToken"] = string.Empty,
                ["Discord:BotToken"] = string.Empty,
            }));
            using var services = builder.Services.BuildServiceProvider();
            Assert.Equal(Path.Combine(folder, "breathebot.db"), services.GetRequiredService<IOptions<LiteDbOptions>>().Value.Path);
            Assert.Equal(Path.Combine(folder, "discord-state.json"), services.GetRequiredService<IOptions<DiscordOptions>>().Value.StateFile);
            Assert.Equal(Path.Combine(folder, "files"), services.GetRequiredService<IOptions<TerminalOptions>>().Value.FilesDirectory);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_webhook_listens_on_the_loopback_address_unless_configured_otherwise()
    {
        var listen = new Uri(new TelegramOptions().WebhookListenUrl);
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(listen.Host)), listen.ToString());
    }
}
