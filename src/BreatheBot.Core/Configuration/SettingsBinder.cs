using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Configuration;

/// <summary>
/// Binds one configuration section onto an options object key by key, so that a value the binder cannot convert is
/// reported as <c>Section:Key is 'abc'; it must be a whole number from 1 to 10000.</c> instead of the binder's
/// exception and its stack trace. Every unconvertible key is reported at once.
/// </summary>
public static class SettingsBinder
{
    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>; throws <see cref="OptionsValidationException"/> naming each bad key.</summary>
    public static void Bind<TOptions>(IConfigurationSection section, string sectionName, TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var child = section.GetSection(property.Name);
            if (child.Value is null || !property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue; // unset, a nested section or list (bound below), or read-only
            }

            try
            {
                if (child.Get(property.PropertyType) is { } value)
                {
                    property.SetValue(options, value); // so the rules below can check the keys that were readable
                }
            }
            catch (InvalidOperationException)
            {
                unreadable.Add(property.Name);
                failures.Add(Unconvertible(SettingsKey.Of(sectionName, property), child.Value, property));
            }
        }

        if (failures.Count > 0)
        {
            // the section's other single-key rules too, so one start names every bad value of the section
            failures.AddRange(new SettingsValidator<TOptions>(sectionName).Failures(options, unreadable));
        }
        else
        {
            try
            {
                section.Bind(options);
                return;
            }
            catch (InvalidOperationException exception)
            {
                failures.Add($"{sectionName} could not be read: {exception.Message}");
            }
        }

        throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
    }

    /// <summary>"Section:Key is 'abc'; it must be a whole number from 1 to 10000."</summary>
    internal static string Unconvertible(string key, string value, PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var range = property.GetCustomAttribute<RangeAttribute>() is { } r ? " " + SettingsValidator.RangeText(r) : string.Empty;
        var expected = type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong)
                => "a whole number" + (range.Length > 0 ? range : string.Empty),
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number" + range,
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a time span such as 00:00:30 (hh:mm:ss, or d.hh:mm:ss with days)" + range,
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ => "a valid " + type.Name,
        };
        return string.Create(CultureInfo.InvariantCulture, $"{key} is '{Shown(value)}'; it must be {expected}.");
    }

    /// <summary>A bad value as the person typed it, cut short (conversion failures are never secrets: those are strings).</summary>
    internal static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
