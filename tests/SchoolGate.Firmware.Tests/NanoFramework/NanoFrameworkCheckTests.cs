namespace SchoolGate.Firmware.Tests.NanoFramework;

/// <summary>
/// Runs firmware/check-nanoframework.sh, the evidence that the core runs on nanoFramework 1.x,
/// and proves the check is not a rubber stamp: each forbidden construct, compiled together with
/// the core, must make it fail and name the offender. Tests in one class run one at a time, and
/// every script run builds in its own temporary directory.
/// </summary>
public class NanoFrameworkCheckTests
{
    // The one plain run of the suite: without extra files the script also runs the ESP32 app's
    // check (firmware/esp32/check-esp32.sh), so this proves both.
    [Fact]
    public void CoreAndTheEsp32AppPassTheNanoFrameworkCheck()
    {
        var (exitCode, output) = RunCheck();

        Assert.True(exitCode == 0, output);
        Assert.Contains("is clean", output);
        Assert.Contains("SchoolGate.Firmware.Esp32.Nano.dll is clean", output);
        Assert.Contains("check-esp32: OK", output);
    }

    [Theory]
    [InlineData("using System.Collections.Generic; namespace Injected { public class UsesList { public int Count() { var items = new List<int>(); items.Add(1); return items.Count; } } }", "'Generic' does not exist in the namespace 'System.Collections'")]
    [InlineData("using System.Text; namespace Injected { public class UsesStringBuilder { public string Build() { return new StringBuilder().Append(1).ToString(); } } }", "'Text' does not exist in the namespace 'System'")]
    [InlineData("using System.Linq; namespace Injected { public class UsesLinq { public int First(int[] xs) { return xs.First(); } } }", "'Linq' does not exist in the namespace 'System'")]
    public void FailsWhenCodeUsesApisMissingFromNanoMscorlib(string source, string expected)
    {
        var (exitCode, output) = RunCheck(source);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not compile against nanoFramework", output);
        Assert.Contains(FirmwareScript.InjectedFilePrefix, output);
        Assert.Contains(expected, output);
    }

    [Theory]
    [InlineData("namespace Injected { public class Box<T> { public T Value; } }", "generic type definition Injected.Box`1")]
    [InlineData("namespace Injected { public class Maths { public static T Pick<T>(T a) { return a; } public int Use() { return Pick(3); } } }", "generic method definition Injected.Maths.Pick")]
    [InlineData("namespace Injected { public class Grid { public int Cell() { int[,] cells = new int[3, 3]; cells[1, 1] = 4; return cells[1, 1]; } } }", "multi-dimensional array Int32[,]")]
    [InlineData("namespace Injected { public class Args : System.EventArgs { } public class Source { public event System.EventHandler<Args> Changed; public void Fire() { Changed(this, new Args()); } } }", "generic instantiation System.EventHandler`1<Injected.Args>")]
    [InlineData("namespace Injected { public class Walk { public int Count(string s) { int n = 0; for (int i = 0; i < s.Length; i++) { if (s[i] == 'a') { n++; } } return n; } } }", "String indexer (s[i], O(i) on nanoFramework) in method Injected.Walk.Count")]
    public void FailsWhenCompiledIlCannotRunOnNanoFramework(string source, string expected)
    {
        var (exitCode, output) = RunCheck(source);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("cannot run", output);
        Assert.Contains(expected, output);
    }

    private static (int ExitCode, string Output) RunCheck(string? extraSource = null) =>
        FirmwareScript.Run(Path.Combine("firmware", "check-nanoframework.sh"), extraSource);
}
