using System.Diagnostics;

namespace SchoolGate.Firmware.Tests;

/// <summary>Runs a firmware check script, optionally with one extra C# source compiled in, and returns its exit code and output.</summary>
internal static class FirmwareScript
{
    /// <summary>Start of the injected file's name, so a test can check the script names the offender.</summary>
    public const string InjectedFilePrefix = "injected-";

    public static (int ExitCode, string Output) Run(string scriptUnderRepo, string? extraSource = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), scriptUnderRepo));

        string? extraFile = null;
        if (extraSource is not null)
        {
            extraFile = Path.Combine(Path.GetTempPath(), $"{InjectedFilePrefix}{Guid.NewGuid():N}.cs");
            File.WriteAllText(extraFile, extraSource);
            start.ArgumentList.Add(extraFile);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();

            // A generous guard against a hung build, not a performance assertion.
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{scriptUnderRepo} did not finish");
            }

            return (process.ExitCode, stdout + stderr.Result);
        }
        finally
        {
            if (extraFile is not null)
            {
                File.Delete(extraFile);
            }
        }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolGate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchoolGate.slnx not found above " + AppContext.BaseDirectory);
    }
}
