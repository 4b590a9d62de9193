using System.ComponentModel.DataAnnotations;
using BreatheBot.Core.Configuration;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>The PostgreSQL diary (cluster mode, <c>Storage:Provider=PostgreSql</c>). Bound from the "Storage" section.</summary>
public sealed class PostgreSqlOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The Npgsql connection string, e.g. <c>Host=db;Database=breathebot;Username=bot;Password=…</c>. A secret (it
    /// usually holds a password): user secrets or an environment variable, never appsettings.json. Never logged.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:ConnectionString must be set when Storage:Provider is PostgreSql, e.g. Host=db;Database=breathebot;Username=bot;Password=… (a secret: use an environment variable or user secrets).")]
    [NotWhitespace]
    [NpgsqlConnectionString]
    public string ConnectionString { get; set; } = string.Empty;
}

/// <summary>A connection string Npgsql can read (the message never repeats it: it may hold a password).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class NpgsqlConnectionStringAttribute : ValidationAttribute
{
    public override bool IsValid(object? value)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
        {
            return true; // [Required] and [NotWhitespace] speak for these
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(text);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            return false;
        }
    }

    public override string FormatErrorMessage(string name) =>
        $"{name} is not a connection string Npgsql can read; write it as Key=value pairs separated by ';', e.g. Host=db;Database=breathebot;Username=bot;Password=….";
}
