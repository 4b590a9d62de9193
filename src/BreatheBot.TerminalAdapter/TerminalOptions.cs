using System.ComponentModel.DataAnnotations;

namespace BreatheBot.TerminalAdapter;

/// <summary>The terminal chat, used when no platform token is configured. Bound from the "Terminal" section.</summary>
public sealed class TerminalOptions
{
    public const string SectionName = "Terminal";

    /// <summary>Who you are in the terminal chat (your diary's key is terminal:&lt;UserId&gt;).</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Terminal:UserId may use letters, digits, '_', '.' and '-' (1-64 characters).")]
    public string UserId { get; set; } = "local";

    /// <summary>
    /// Where files the bot gives you (charts, exports) are written, in a folder per person (0700, files 0600); /forget
    /// deletes that folder. A relative path is taken from the data directory (<c>Data:Directory</c>).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string FilesDirectory { get; set; } = "files";
}
