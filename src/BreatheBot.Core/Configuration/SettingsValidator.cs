using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Configuration;

/// <summary>
/// Checks the data annotations of an options class and that enum values are defined, naming every failure by its
/// configuration key (<c>Conversation:FollowUpDelay is 30.00:00:00; it must be from 00:01:00 to 1.00:00:00.</c>).
/// An attribute's own <c>ErrorMessage</c>, when set, is used as it is (it should name the key).
/// </summary>
public sealed class SettingsValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options, skip: null);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every failed rule, one message per key, leaving out the properties in <paramref name="skip"/>.</summary>
    internal List<string> Failures(TOptions options, IReadOnlySet<string>? skip)
    {
        var failures = new List<string>();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || skip?.Contains(property.Name) == true)
            {
                continue;
            }

            var key = SettingsKey.Of(sectionName, property);
            var value = property.GetValue(options);
            if (value is Enum && !Enum.IsDefined(value.GetType(), value))
            {
                failures.Add($"{key} is '{value}'; it must be one of {string.Join(", ", Enum.GetNames(value.GetType()))}.");
                continue;
            }

            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!rule.IsValid(value))
                {
                    failures.Add(SettingsValidator.Describe(key, value, rule));
                    break; // one message per key
                }
            }
        }

        return failures;
    }
}

/// <summary>Wording shared by the binder and the validator.</summary>
internal static class SettingsValidator
{
    public static string Describe(string key, object? value, ValidationAttribute rule)
    {
        if (!string.IsNullOrEmpty(rule.ErrorMessage))
        {
            return rule.ErrorMessage;
        }

        var shown = value switch
        {
            null => "not set",
            string s when string.IsNullOrWhiteSpace(s) => "empty",
            TimeSpan t => "'" + Text(t) + "'",
            IFormattable f => "'" + f.ToString(null, CultureInfo.InvariantCulture) + "'",
            _ => "set",
        };
        return rule switch
        {
            RequiredAttribute => $"{key} is {shown}; it must be set.",
            RangeAttribute range => $"{key} is {shown}; it must be {RangeText(range)}.",
            MinLengthAttribute min => $"{key} is too short; it must have at least {min.Length} characters.",
            MaxLengthAttribute max => $"{key} is too long; it may have at most {max.Length} characters.",
            _ => rule.FormatErrorMessage(key),
        };
    }

    /// <summary>"from 1 to 10000", "at least 1", "from 00:00:01 to 00:05:00".</summary>
    public static string RangeText(RangeAttribute range)
    {
        var maximum = Text(range.Maximum);
        return maximum == int.MaxValue.ToString(CultureInfo.InvariantCulture)
            ? $"at least {Text(range.Minimum)}"
            : $"from {Text(range.Minimum)} to {maximum}";
    }

    /// <summary>A limit or value as a person would write it: 00:00:00.05, not 00:00:00.0500000.</summary>
    public static string Text(object? value) => value switch
    {
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture) is var c && c.Contains('.', StringComparison.Ordinal) && c.LastIndexOf('.') > c.LastIndexOf(':') ? c.TrimEnd('0') : c,
        string s when TimeSpan.TryParseExact(s, "c", CultureInfo.InvariantCulture, out var t) => Text(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        null => string.Empty,
        _ => value.ToString() ?? string.Empty,
    };
}
