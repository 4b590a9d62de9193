using Npgsql;

namespace BreatheBot.TestSupport.Postgres;

/// <summary>
/// The PostgreSQL server the tests use: <c>BREATHEBOT_TEST_POSTGRES</c>, a connection string whose user may create
/// databases. Missing or unreachable, every PostgreSQL test FAILS (never skips) with a message saying how to start one.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "BREATHEBOT_TEST_POSTGRES";

    private static readonly bool OnCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server's connection string (to its maintenance database).</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : throw new InvalidOperationException(Missing($"{Variable} is not set"));

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
