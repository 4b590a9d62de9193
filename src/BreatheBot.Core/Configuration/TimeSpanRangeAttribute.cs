using System.ComponentModel.DataAnnotations;

namespace BreatheBot.Core.Configuration;

/// <summary>
/// A <see cref="RangeAttribute"/> over time spans whose limits are read in the invariant culture
/// ("00:00:00.050" means 50 ms on every machine), e.g. <c>[TimeSpanRange("00:00:01", "00:10:00")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class TimeSpanRangeAttribute : RangeAttribute
{
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base(typeof(TimeSpan), minimum, maximum)
    {
        ParseLimitsInInvariantCulture = true;
        ConvertValueInInvariantCulture = true;
    }
}
