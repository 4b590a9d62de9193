using System.ComponentModel.DataAnnotations;

namespace BreatheBot.Core.Configuration;

/// <summary>An optional string setting: unset or empty is fine, but only spaces is refused (a token of " " is a mistake, not "off").</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class NotWhitespaceAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || !string.IsNullOrWhiteSpace(text);

    public override string FormatErrorMessage(string name) => $"{name} is only spaces; set the real value or leave it empty.";
}
