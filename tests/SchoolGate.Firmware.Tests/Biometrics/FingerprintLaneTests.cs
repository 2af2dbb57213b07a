using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Biometrics;

/// <summary>A lane with a fingerprint module beside its card reader.</summary>
public class FingerprintLaneTests
{
    private static Lane LaneWithFinger(int slot = 7, string finger = "aruzhan-right-index")
    {
        var module = new FakeFingerprintModule();
        module.Enroll(slot, finger);
        return new Lane(fingerprints: module);
    }

    private static void Delete(Lane lane, long commandId, int templateId) =>
        lane.Controller.OnMessage(lane.Controller.TopicFor(Topics.BiometricDelete),
            ProtocolCodec.Encode(new TemplateDelete(commandId, templateId)));

    private static List<TemplateDeleted> Confirmations(Lane lane) =>
        lane.Link.Decoded(Topics.BiometricDeleted, ProtocolJsonContext.Default.TemplateDeleted);

    [Fact]
    public void AMatchedFingerAsksForAccessAsCredentialFpAndTheTemplateNumber()
    {
        var lane = LaneWithFinger(slot: 7);
        lane.Fingerprints!.Lay("aruzhan-right-index");
        lane.Controller.Loop();

        var request = Assert.Single(lane.Link.Requests);
        Assert.Equal("fp:7", request.CardId);
        Assert.Equal(TurnstileState.AwaitingDecision, lane.Controller.State);

        lane.Decide(request.RequestId, true, Reasons.Ok);
        Assert.True(lane.Relay.IsOpen);
        lane.Pass();
        var passage = Assert.Single(lane.Link.Events);
        Assert.Equal(PassageTypes.Entered, passage.Type);
        Assert.Equal("fp:7", passage.CardId);
    }

    [Theory]
    [InlineData(0, "fp:0")]
    [InlineData(10, "fp:10")]
    [InlineData(199, "fp:199")]
    [InlineData(65535, "fp:65535")]
    public void TheCredentialIsTheTemplateNumberInDecimal(int slot, string expected)
    {
        var module = new FakeFingerprintModule(capacity: 65536);
        module.Enroll(slot, "finger");
        var lane = new Lane(fingerprints: module);
        module.Lay("finger");
        lane.Controller.Loop();

        Assert.Equal(expected, Assert.Single(lane.Link.Requests).CardId);
        Assert.Equal(Credentials.Fingerprint(slot), expected);
    }

    [Fact]
    public void AFingerTheModuleDoesNotKnowAsksNothing()
    {
        var lane = LaneWithFinger();
        lane.Fingerprints!.Lay("a-stranger");
        lane.Controller.Loop();

        Assert.Empty(lane.Link.Messages);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
    }

    [Fact]
    public void ACardStillWorksBesideTheFingerprintModule()
    {
        var lane = LaneWithFinger();
        var request = lane.Tap("04A1B2");

        Assert.Equal("04A1B2", request.CardId);
        lane.Decide(request.RequestId, true, Reasons.Ok);
        lane.Pass();
        Assert.Equal("04A1B2", Assert.Single(lane.Link.Events).CardId);
    }

    [Fact]
    public void ACardAndAFingerInTheSameStepLetTheCardGoFirstAndCountTheFinger()
    {
        var lane = LaneWithFinger();
        lane.Fingerprints!.Lay("aruzhan-right-index");
        lane.Reader.Present("04A1B2");
        lane.Controller.Loop();

        Assert.Equal("04A1B2", Assert.Single(lane.Link.Requests).CardId);
        Assert.Equal(1, lane.Controller.IgnoredCards);
    }

    [Fact]
    public void AFingerMatchedWhileTheLaneIsBusyIsDroppedNotReplayed()
    {
        var lane = LaneWithFinger();
        var request = lane.Tap("04A1B2");
        lane.Fingerprints!.Lay("aruzhan-right-index");
        lane.Controller.Loop();
        lane.Decide(request.RequestId, false, Reasons.CardRevoked);
        lane.Wait(lane.Config.RefusedSignalMs);
        lane.Controller.Loop();

        Assert.Single(lane.Link.Requests);
        Assert.Equal(1, lane.Controller.IgnoredCards);
    }

    [Fact]
    public void AnUnansweredFingerIsDecidedFromTheOfflineListLikeACard()
    {
        var lane = LaneWithFinger(slot: 3);
        lane.SendList(1, "04A1B2");
        lane.Fingerprints!.Lay("aruzhan-right-index");
        lane.Controller.Loop();
        lane.Wait(lane.Config.DecisionBudgetMs);

        // Fingerprint credentials are never in an offline list (hardware-docs/protocol.md): the
        // lane refuses, and the child uses the card.
        Assert.False(lane.Relay.IsOpen);
        var refused = Assert.Single(lane.Link.Events);
        Assert.Equal("fp:3", refused.CardId);
        Assert.Equal(Reasons.NotInOfflineList, refused.Reason);
        Assert.True(refused.Offline);
    }

    [Fact]
    public void TheDeleteCommandDeletesTheTemplateThenConfirmsIt()
    {
        var lane = LaneWithFinger(slot: 7);
        Delete(lane, commandId: 41, templateId: 7);

        Assert.DoesNotContain(7, lane.Fingerprints!.Slots);
        var confirmation = Assert.Single(Confirmations(lane));
        Assert.Equal(new TemplateDeleted("ts-01", 41, 7), confirmation);
        Assert.Equal(1, lane.Controller.DeletedTemplates);

        // The deleted finger no longer matches: nothing is asked.
        lane.Link.Clear();
        lane.Fingerprints.Lay("aruzhan-right-index");
        lane.Controller.Loop();
        Assert.Empty(lane.Link.Requests);
    }

    [Fact]
    public void ARepeatedDeleteOfAnEmptySlotIsConfirmedAgain()
    {
        var lane = LaneWithFinger(slot: 7);
        Delete(lane, 41, 7);
        Delete(lane, 41, 7);

        Assert.Equal(2, Confirmations(lane).Count);
        Assert.Equal(0, lane.Controller.BadMessages);
    }

    [Fact]
    public void ADeleteTheModuleDidNotConfirmIsNotConfirmedToTheGateway()
    {
        var lane = LaneWithFinger(slot: 7);
        lane.Fingerprints!.FailDeletes = true;
        Delete(lane, 41, 7);

        Assert.Empty(Confirmations(lane));
        Assert.Equal(1, lane.Controller.FailedTemplateDeletes);
        Assert.Contains(7, lane.Fingerprints.Slots);

        // The gateway re-sends; this time the module answers.
        lane.Fingerprints.FailDeletes = false;
        Delete(lane, 41, 7);
        Assert.Single(Confirmations(lane));
        Assert.DoesNotContain(7, lane.Fingerprints.Slots);
    }

    [Theory]
    [InlineData("""{"commandId":1}""")]
    [InlineData("""{"templateId":7}""")]
    [InlineData("""{"commandId":"1","templateId":7}""")]
    [InlineData("""{"commandId":1,"templateId":-1}""")]
    [InlineData("""{"commandId":1,"templateId":65536}""")]
    [InlineData("""{"commandId":1,"templateId":7.5}""")]
    [InlineData("""{"commandId":1,"templateId":7,"templateId":8}""")]
    [InlineData("[]")]
    [InlineData("")]
    public void AMalformedDeleteCommandIsIgnoredAndCounted(string json)
    {
        var lane = LaneWithFinger(slot: 7);
        lane.Controller.OnMessage(lane.Controller.TopicFor(Topics.BiometricDelete), Encoding.UTF8.GetBytes(json));

        Assert.Equal(1, lane.Controller.BadMessages);
        Assert.Equal(0, lane.Fingerprints!.DeleteCalls);
        Assert.Contains(7, lane.Fingerprints.Slots);
        Assert.Empty(lane.Link.Messages);
    }

    [Fact]
    public void ACardOnlyLaneIgnoresDeleteCommandsAndConfirmsNothing()
    {
        var lane = new Lane();
        Delete(lane, 41, 7);

        Assert.Equal(1, lane.Controller.IgnoredMessages);
        Assert.Empty(lane.Link.Messages);
    }

    [Fact]
    public void AConfirmationLostToADownLinkIsSentWhenTheGatewayRepeatsTheCommand()
    {
        var lane = LaneWithFinger(slot: 7);
        lane.Link.IsConnected = false;
        Delete(lane, 41, 7);
        Assert.Empty(Confirmations(lane));

        lane.Link.IsConnected = true;
        Delete(lane, 41, 7);
        Assert.Equal(new TemplateDeleted("ts-01", 41, 7), Assert.Single(Confirmations(lane)));
    }
}
