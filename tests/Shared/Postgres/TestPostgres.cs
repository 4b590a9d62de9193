using Npgsql;

namespace BreatheBot.TestSupport.Postgres;

/// <summary>
/// The PostgreSQL server the tests use: <c>BREATHEBOT_TEST_POSTGRES</c>, a connection string whose user may create
/// databases, or (outside CI, when it is not set) the private test server the project's script starts. Missing or
/// unreachable, every PostgreSQL test FAILS (never skips) with a message saying how to start one.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "BREATHEBOT_TEST_POSTGRES";

    private static readonly bool OnCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string> Server = new(FindOrStartServer);

    /// <summary>The server's connection string (to its maintenance database).</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>
    /// <c>BREATHEBOT_TEST_POSTGRES</c> when set (CI sets it). Otherwise, outside CI, the project's own script starts
    /// (or finds running) the private test server, so <c>dotnet test</c> alone runs these tests on a developer's machine;
    /// the server is left running for the next run (<c>scripts/postgres-test-server.sh stop</c> stops it).
    /// </summary>
    private static string FindOrStartServer()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value)
        {
            return value;
        }

        if (OnCi)
        {
            throw new InvalidOperationException(Missing($"{Variable} is not set"));
        }

        var script = FindScript() ?? throw new InvalidOperationException(Missing($"{Variable} is not set and scripts/postgres-test-server.sh was not found"));
        var start = new System.Diagnostics.ProcessStartInfo("bash", [script, "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(Missing("scripts/postgres-test-server.sh start did not finish in 5 minutes"));
        }

        const string Prefix = "export " + Variable + "=\"";
        var line = output.Result.Split('\n').FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException(Missing($"scripts/postgres-test-server.sh start failed: {errors.Result.Trim()}"));
        }

        return line[Prefix.Length..].TrimEnd().TrimEnd('"');
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "scripts", "postgres-test-server.sh");
            if (File.Exists(script) && File.Exists(Path.Combine(folder.FullName, "BreatheBot.sln")))
            {
                return script;
            }
        }

        return null;
    }

    /// <summary>Creates an empty database with a random name; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "breathebot_test_" + Guid.NewGuid().ToString("N")[..16];
        var server = ConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(Missing($"the server in {Variable} could not be used ({exception.Message})"), exception);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Missing(string what) => OnCi
        ? $"PostgreSQL tests cannot run: {what}. CI must start the test server first (.ci/run does: scripts/postgres-test-server.sh start) and export {Variable}."
        : $"PostgreSQL tests cannot run: {what}. Start the private test server with: eval \"$(scripts/postgres-test-server.sh start)\" " +
          $"(from the repository root; stop it with scripts/postgres-test-server.sh stop), or set {Variable} to a connection string of a server where the user may create databases.";
}
