namespace SchoolGate.Gateway.Tests.Telegram;

/// <summary>Wrong Telegram settings stop the start with a message naming the key.</summary>
public sealed class TelegramOptionsTests
{
    private const string Bot = "--Telegram:Bots:0:";

    [Theory]
    [InlineData("Token", "not-a-token", "Telegram:Bots:0:Token does not look like a token")]
    [InlineData("Username", "@SchoolBot", "Telegram:Bots:0:Username must be the bot's @username without '@'")]
    [InlineData("Name", "", "Telegram:Bots:0:Name is required")]
    public async Task RefusesABotWithAWrongSetting(string key, string value, string message)
    {
        var error = await TestGateway.RefusedStartAsync(
            Bot + "Name=main", Bot + "Token=123456:ABCdef", Bot + "Username=SchoolBot", $"{Bot}{key}={value}");

        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("123456:ABCdef", error.Message);
    }

    [Fact]
    public async Task RefusesTwoBotsWithOneName()
    {
        var error = await TestGateway.RefusedStartAsync(
            Bot + "Name=main", Bot + "Token=1:A", Bot + "Username=OneBot",
            "--Telegram:Bots:1:Name=main", "--Telegram:Bots:1:Token=2:B", "--Telegram:Bots:1:Username=TwoBot");

        Assert.Contains("Telegram:Bots:1:Name \"main\" is used by another bot", error.Message);
    }

    [Fact]
    public async Task RefusesAnUnknownWayOfGettingUpdates()
    {
        var error = await TestGateway.RefusedStartAsync("--Telegram:Updates=push");

        Assert.Contains("Telegram:Updates must be \"polling\", \"webhook\" or \"off\"", error.Message);
    }

    [Fact]
    public async Task RefusesAWebhookWithoutAPublicHttpsAddressOrASecret()
    {
        var error = await TestGateway.RefusedStartAsync(
            "--Telegram:Updates=webhook", "--Telegram:PublicBaseUrl=http://gateway.example", Bot + "Name=main", Bot + "Token=1:A", Bot + "Username=OneBot");

        Assert.Contains("Telegram:PublicBaseUrl must be this gateway's public https:// address", error.Message);
        Assert.Contains("Telegram:Bots:0:WebhookSecret is needed for webhooks", error.Message);
    }
}
