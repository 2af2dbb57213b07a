using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway;

public static class OptionsProblems
{
    /// <summary>
    /// Validates the options with <paramref name="problem"/> (null: usable), so a refused start
    /// names the setting that is wrong rather than only "invalid".
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateProblem<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, string?> problem)
        where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new Validator<TOptions>(problem));
        return builder;
    }

    private sealed class Validator<TOptions>(Func<TOptions, string?> problem) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options) =>
            problem(options) is { } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
    }
}
