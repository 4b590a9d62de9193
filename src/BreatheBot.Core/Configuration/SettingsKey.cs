using System.Reflection;

namespace BreatheBot.Core.Configuration;

/// <summary>The configuration key of an options property: <c>Section:Property</c>, as a person writes it in settings.</summary>
public static class SettingsKey
{
    public static string Of(string sectionName, PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return $"{sectionName}:{property.Name}";
    }
}
