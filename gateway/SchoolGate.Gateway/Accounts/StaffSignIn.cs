using System.Net;
using SchoolGate.Gateway.Diagnostics;

namespace SchoolGate.Gateway.Accounts;

public enum SignInOutcome
{
    SignedIn,
    Refused,
    Throttled,
}

/// <param name="RetryAfter">How long a throttled login must wait.</param>
public sealed record SignInResult(SignInOutcome Outcome, StaffAccountRow? Account = null, TimeSpan RetryAfter = default);

/// <summary>
/// Checks a login and password, the same way for bearer tokens and dashboard sessions. An unknown
/// login, a wrong password and a disabled account all answer the same and take the same time (a
/// hash is verified either way), so sign-in does not tell which logins exist.
/// </summary>
public sealed class StaffSignIn(AccountStore accounts, StaffLoginThrottle throttle, GatewayMetrics metrics, TimeProvider time,
    ILogger<StaffSignIn> logger)
{
    // Verified when the login is unknown, so that answer costs what a wrong password costs.
    private static readonly string DecoyHash = StaffPasswords.Hash(StaffPasswords.Generate());

    public async Task<SignInResult> SignInAsync(string login, string password, IPAddress? remote, CancellationToken ct)
    {
        var key = AccountStore.LoginKey(login);
        var address = Http.RemoteAddress.Of(remote) ?? "unknown";
        if (throttle.IsThrottled(key, address))
        {
            metrics.StaffSignInsFailed.Add();
            metrics.StaffSignInsThrottled.Add();
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: throttle.ThrottledUntil(key, address) - time.GetUtcNow());
        }

        var account = await accounts.FindByLoginAsync(login, ct);
        var valid = StaffPasswords.Verify(account?.PasswordHash ?? DecoyHash, password) && account is { DisabledAt: null };
        if (!valid)
        {
            metrics.StaffSignInsFailed.Add();
            logger.LogWarning("Staff sign-in refused for '{Login}' from {Address}", Mqtt.DeviceAuthenticator.Printable(login), address);
            if (throttle.RecordFailure(key, address))
            {
                logger.LogWarning("Staff sign-in: too many wrong passwords for '{Login}' from {Address}; refusing it unchecked until {Until:O}",
                    Mqtt.DeviceAuthenticator.Printable(login), address, throttle.ThrottledUntil(key, address));
            }

            return new SignInResult(SignInOutcome.Refused);
        }

        throttle.RecordSuccess(key, address);
        metrics.StaffSignIns.Add();
        logger.LogInformation("Staff sign-in: {Login} ({Role}) from {Address}", account!.Login, account.Role, address);
        return new SignInResult(SignInOutcome.SignedIn, account);
    }
}
