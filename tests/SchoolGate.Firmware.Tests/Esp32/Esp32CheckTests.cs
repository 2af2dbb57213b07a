namespace SchoolGate.Firmware.Tests.Esp32;

/// <summary>
/// Runs firmware/esp32/check-esp32.sh, the evidence that the ESP32 app (core + adapters) compiles
/// for nanoFramework 1.x against the package stubs, and proves the check is not a rubber stamp:
/// forbidden code compiled into the app, or a call the stubs do not declare, makes it fail.
/// </summary>
public class Esp32CheckTests
{
    private const string Script = "firmware/esp32/check-esp32.sh";

    [Theory]
    [InlineData("using System.Collections.Generic; using SchoolGate.Firmware.Core.Ports; namespace Injected { public class ListRelay : IRelay { private readonly List<bool> _log = new List<bool>(); public bool IsOpen { get; private set; } public void Open() { _log.Add(true); IsOpen = true; } public void Close() { _log.Add(false); IsOpen = false; } } }", "'Generic' does not exist in the namespace 'System.Collections'")]
    [InlineData("using System.Text; namespace Injected { public class Topics { public string Build(string id) { return new StringBuilder().Append(id).ToString(); } } }", "'Text' does not exist in the namespace 'System'")]
    [InlineData("using System.Threading.Tasks; namespace Injected { public class Connector { public async Task Connect() { await Task.Delay(1); } } }", "'Tasks' does not exist in the namespace 'System.Threading'")]
    public void FailsWhenAnAdapterUsesApisMissingFromNanoFramework(string source, string expected)
    {
        var (exitCode, output) = FirmwareScript.Run(Script, source);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not compile against nanoFramework's mscorlib and the stubs", output);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void FailsWhenAnAdapterCallsAMemberTheStubsDoNotDeclare()
    {
        // nanoFramework.M2Mqtt 5.x has no Publish(topic, message, qos, retain): the stubs must not accept one.
        var source = "using nanoFramework.M2Mqtt; using nanoFramework.M2Mqtt.Messages; namespace Injected { public class Old { public void Send(MqttClient c) { c.Publish(\"t\", new byte[0], MqttQoSLevel.AtLeastOnce, false); } } }";

        var (exitCode, output) = FirmwareScript.Run(Script, source);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("required parameter 'qosLevel' of 'MqttClient.Publish(string, byte[], string, ArrayList, MqttQoSLevel, bool)'", output);
    }

    [Theory]
    [InlineData("namespace Injected { public class Slot<T> { public T Value; } }", "generic type definition Injected.Slot`1")]
    [InlineData("namespace Injected { public class Args : System.EventArgs { } public class Reader { public event System.EventHandler<Args> Tapped; public void Fire() { Tapped(this, new Args()); } } }", "generic instantiation System.EventHandler`1<Injected.Args>")]
    public void FailsWhenTheAppIlCannotRunOnNanoFramework(string source, string expected)
    {
        var (exitCode, output) = FirmwareScript.Run(Script, source);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("cannot run", output);
        Assert.Contains(expected, output);
    }

    // That a plain run includes the ESP32 step (and that the app passes it) is proven by
    // NanoFrameworkCheckTests.CoreAndTheEsp32AppPassTheNanoFrameworkCheck, the suite's one plain run.
    [Fact]
    public void NanoFrameworkCheckSkipsTheEsp32StepWithExtraFiles()
    {
        var withExtra = FirmwareScript.Run("firmware/check-nanoframework.sh", "namespace Injected { public class Harmless { } }");

        Assert.True(withExtra.ExitCode == 0, withExtra.Output);
        Assert.DoesNotContain("check-esp32", withExtra.Output);
    }
}
