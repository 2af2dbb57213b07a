using System.Diagnostics;
using System.Text;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>
/// The demo as a user runs it, as its own process: a stop signal ends it cleanly and leaves no
/// temporary files. The process gets its own temp folder (TMPDIR), so other runs cannot interfere.
/// </summary>
public sealed class DemoShutdownTests : IDisposable
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    private readonly string _temp = Directory.CreateTempSubdirectory("schoolgate-demo-test-").FullName;
    private readonly StringBuilder _output = new();

    private string DemoFolders => Path.Combine(_temp, "schoolgate-demo");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task StopsOnSigtermWithExitCode0AndDeletesItsTemporaryFiles()
    {
        using var demo = StartDemo();
        try
        {
            await WaitForOutputAsync(demo, "Press Ctrl+C to stop");
            Assert.Single(Directory.GetDirectories(DemoFolders));

            await SendSignalAsync(demo, "TERM");

            Assert.True(await ExitsWithinAsync(demo, StopWithin), $"still running {StopWithin.TotalSeconds:0} s after SIGTERM:\n{Output()}");
            Assert.True(demo.ExitCode == 0, $"exit code {demo.ExitCode}:\n{Output()}");
            Assert.Empty(Directory.EnumerateFileSystemEntries(DemoFolders));
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }
    }

    private Process StartDemo()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["TMPDIR"] = _temp;
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "schoolgate-sim.dll"), "demo",
                     "--http-port", LoopbackPorts.Next().ToString(), "--mqtt-port", LoopbackPorts.Next().ToString(),
                     "--students", "1", "--entry-lanes", "1",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitForOutputAsync(Process demo, string text)
    {
        using var limit = new CancellationTokenSource(StartWithin);
        while (!Output().Contains(text, StringComparison.Ordinal))
        {
            Assert.False(demo.HasExited, $"the demo exited with {(demo.HasExited ? demo.ExitCode : 0)} before '{text}':\n{Output()}");
            await Task.Delay(50, limit.Token);
        }
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // .NET can kill a process but not send it another signal.
    private static async Task SendSignalAsync(Process target, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", target.Id.ToString()]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
