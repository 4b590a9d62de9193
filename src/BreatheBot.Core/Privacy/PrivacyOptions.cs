using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Privacy;

/// <summary>Who runs this bot, for the privacy notice (/privacy). Bound from the "Privacy" section; each shown when set.</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>The person or organisation that runs this bot, e.g. "Riverside Health Team".</summary>
    [MaxLength(200)]
    public string? Operator { get; set; }

    /// <summary>How to reach them: an email address, a chat handle or a web page.</summary>
    [MaxLength(200)]
    public string? Contact { get; set; }

    /// <summary>The full privacy policy (an absolute https URL).</summary>
    public string? PolicyUrl { get; set; }
}

/// <summary>What the data annotations cannot say (AddSettings checks those, by key).</summary>
public sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.PolicyUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            builder.AddError("Privacy:PolicyUrl must be an absolute http(s) URL such as https://example.org/privacy, or unset.");
        }

        return builder.Build();
    }
}
