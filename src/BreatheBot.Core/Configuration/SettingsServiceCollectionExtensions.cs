using BreatheBot.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> bound from the configuration section <paramref name="sectionName"/> and
    /// validated when the host starts, every problem named by its configuration key (<c>Section:Key</c>), never by the C#
    /// member: a value the binder cannot convert ("abc" for a number, a time span or an enum) and every data-annotation
    /// rule on the options class (<c>[Range]</c>, <c>[TimeSpanRange]</c>, <c>[Required]</c>, ...), plus undefined enum
    /// values. Add cross-field rules as further <see cref="IValidateOptions{TOptions}"/> (name keys in their messages).
    /// BreatheBotHost turns the resulting <see cref="OptionsValidationException"/> into one line and exit code 2.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionName);
        var builder = services.AddOptions<TOptions>();
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationInstance is SettingsValidator<TOptions>))
        {
            builder.Configure<IConfiguration>((options, configuration) => SettingsBinder.Bind(configuration.GetSection(sectionName), sectionName, options));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(sectionName)));
        }

        return builder.ValidateOnStart();
    }
}
