using System.Diagnostics.Metrics;

namespace SchoolGate.Gateway.Diagnostics;

/// <summary>
/// Counters shown on /api/metrics and the dashboard, also published on the
/// "SchoolGate.Gateway" Meter for OpenTelemetry / dotnet-counters.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "SchoolGate.Gateway";

    private readonly Meter _meter;
    private readonly List<Counter> _all = [];

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        ConnectionsAccepted = New("schoolgate.mqtt.connections_accepted", "connectionsAccepted");
        ConnectionsRejected = New("schoolgate.mqtt.connections_rejected", "connectionsRejected");
        ConnectionsThrottled = New("schoolgate.mqtt.connections_throttled", "connectionsThrottled");
        PublishesRejected = New("schoolgate.mqtt.acl_rejections", "publishesRejected");
        MalformedPayloads = New("schoolgate.mqtt.malformed_payloads", "malformedPayloads");
        HandlerFailures = New("schoolgate.mqtt.handler_failures", "handlerFailures");
        EventsStored = New("schoolgate.events.stored", "eventsStored");
        DuplicateEvents = New("schoolgate.events.duplicates", "duplicateEvents");
        GapsDetected = New("schoolgate.events.gaps", "gapsDetected");
        GapsFilled = New("schoolgate.events.gaps_filled", "gapsFilled");
        GapsAbandoned = New("schoolgate.events.gaps_abandoned", "gapsAbandoned");
        ConflictingEvents = New("schoolgate.events.conflicts", "conflictingEvents");
        AccessRequests = New("schoolgate.access.requests", "accessRequests");
        AccessAllowed = New("schoolgate.access.allowed", "accessAllowed");
        AccessDenied = New("schoolgate.access.denied", "accessDenied");
        NotificationsQueued = New("schoolgate.notifications.queued", "notificationsQueued");
        EventBatches = New("schoolgate.events.batches", "eventBatches");
        AccessListsPublished = New("schoolgate.access_lists.published", "accessListsPublished");
        AccessListsTruncated = New("schoolgate.access_lists.truncated", "accessListsTruncated");
        ApiRequestsRejected = New("schoolgate.http.api_requests_rejected", "apiRequestsRejected");
        ApiRequestsThrottled = New("schoolgate.http.api_requests_throttled", "apiRequestsThrottled");
        StaffSignIns = New("schoolgate.staff.sign_ins", "staffSignIns");
        StaffSignInsFailed = New("schoolgate.staff.sign_ins_failed", "staffSignInsFailed");
        StaffSignInsThrottled = New("schoolgate.staff.sign_ins_throttled", "staffSignInsThrottled");
        SmsSent = New("schoolgate.sms.sent", "smsSent");
        SmsSendFailures = New("schoolgate.sms.send_failures", "smsSendFailures");
        SmsReportsApplied = New("schoolgate.sms.reports_applied", "smsReportsApplied");
        SmsReportsForged = New("schoolgate.sms.reports_forged", "smsReportsForged");
        SmsReportsMalformed = New("schoolgate.sms.reports_malformed", "smsReportsMalformed");
        SmsReportsUnknown = New("schoolgate.sms.reports_unknown", "smsReportsUnknown");
        WebhookDeliveriesSent = New("schoolgate.webhooks.deliveries_sent", "webhookDeliveriesSent");
        WebhookDeliveriesFailed = New("schoolgate.webhooks.deliveries_failed", "webhookDeliveriesFailed");
        WebhookSubscriptionsDisabled = New("schoolgate.webhooks.subscriptions_disabled", "webhookSubscriptionsDisabled");
        TelegramUpdates = New("schoolgate.telegram.updates", "telegramUpdates");
        TelegramWebhookRejected = New("schoolgate.telegram.webhook_rejected", "telegramWebhookRejected");
        TelegramMalformedUpdates = New("schoolgate.telegram.malformed_updates", "telegramMalformedUpdates");
        TelegramUpdateFailures = New("schoolgate.telegram.update_failures", "telegramUpdateFailures");
        TelegramPollingErrors = New("schoolgate.telegram.polling_errors", "telegramPollingErrors");
        TelegramLinkCodesIssued = New("schoolgate.telegram.link_codes_issued", "telegramLinkCodesIssued");
        TelegramChatsLinked = New("schoolgate.telegram.chats_linked", "telegramChatsLinked");
        TelegramLinksRefused = New("schoolgate.telegram.links_refused", "telegramLinksRefused");
        TelegramLinksThrottled = New("schoolgate.telegram.links_throttled", "telegramLinksThrottled");
        TelegramChatsUnlinked = New("schoolgate.telegram.chats_unlinked", "telegramChatsUnlinked");
        TelegramUnknownInput = New("schoolgate.telegram.unknown_input", "telegramUnknownInput");
        TelegramRepliesFailed = New("schoolgate.telegram.replies_failed", "telegramRepliesFailed");
        TemplateDeletesSent = New("schoolgate.biometrics.template_deletes_sent", "templateDeletesSent");
        TemplateDeletesConfirmed = New("schoolgate.biometrics.template_deletes_confirmed", "templateDeletesConfirmed");
        RosterImportsRefused = New("schoolgate.roster.imports_refused", "rosterImportsRefused");
        AbsenceAlerts = New("schoolgate.attendance.absence_alerts", "absenceAlerts");
        TransportTapsStored = New("schoolgate.transport.taps_stored", "transportTapsStored");
        TransportTapsDuplicate = New("schoolgate.transport.taps_duplicate", "transportTapsDuplicate");
        TransportTapsUnknownCard = New("schoolgate.transport.taps_unknown_card", "transportTapsUnknownCard");
        TransportTapsInvalid = New("schoolgate.transport.taps_invalid", "transportTapsInvalid");
        TransportTapsUnregistered = New("schoolgate.transport.taps_unregistered", "transportTapsUnregistered");
        JourneyEvents = New("schoolgate.journeys.events", "journeyEvents");
        JourneyAlertsRaised = New("schoolgate.journeys.alerts_raised", "journeyAlertsRaised");
        JourneyAlertsCleared = New("schoolgate.journeys.alerts_cleared", "journeyAlertsCleared");
    }

    public Counter ConnectionsAccepted { get; }
    /// <summary>Every refused CONNECT, throttled ones included.</summary>
    public Counter ConnectionsRejected { get; }
    /// <summary>CONNECTs refused without checking the secret after too many wrong ones (see LoginThrottle).</summary>
    public Counter ConnectionsThrottled { get; }
    /// <summary>Publishes and subscriptions refused by the topic ACL.</summary>
    public Counter PublishesRejected { get; }
    public Counter MalformedPayloads { get; }
    /// <summary>Well-formed device messages the gateway failed to handle (e.g. the store failed); refused, never acked.</summary>
    public Counter HandlerFailures { get; }
    public Counter EventsStored { get; }
    public Counter DuplicateEvents { get; }
    public Counter GapsDetected { get; }
    /// <summary>Gaps whose every missing event arrived later (they leave GET /api/gaps' default list).</summary>
    public Counter GapsFilled { get; }
    /// <summary>Holes the EventAck skipped after Ingestion:GapTimeoutSeconds: their events are lost.</summary>
    public Counter GapsAbandoned { get; }
    /// <summary>Events that reused a stored (device, seq) with other content: a restarted seq counter (each also logged as an error).</summary>
    public Counter ConflictingEvents { get; }
    public Counter AccessRequests { get; }
    public Counter AccessAllowed { get; }
    public Counter AccessDenied { get; }
    public Counter NotificationsQueued { get; }
    /// <summary>Group-commit transactions; (eventsStored + duplicateEvents) / eventBatches = mean batch size.</summary>
    public Counter EventBatches { get; }
    /// <summary>Offline access lists published (retained) to turnstiles; unchanged lists are not re-sent.</summary>
    public Counter AccessListsPublished { get; }
    /// <summary>Lists cut to <c>AccessList:MaxCards</c> (each also logged as an error).</summary>
    public Counter AccessListsTruncated { get; }
    /// <summary>API requests refused for missing, expired or unknown credentials (401).</summary>
    public Counter ApiRequestsRejected { get; }
    /// <summary>API requests refused (429) by the rate limits (Api:RequestsPerSecond, Api:SignInsPerMinute).</summary>
    public Counter ApiRequestsThrottled { get; }
    /// <summary>Successful staff sign-ins (bearer token or dashboard session).</summary>
    public Counter StaffSignIns { get; }
    /// <summary>Sign-ins refused for an unknown login, a wrong password or a disabled account.</summary>
    public Counter StaffSignInsFailed { get; }
    /// <summary>Sign-ins refused unchecked after too many wrong passwords (see StaffLoginThrottle); also in staffSignInsFailed.</summary>
    public Counter StaffSignInsThrottled { get; }
    /// <summary>Texts the SMS provider accepted.</summary>
    public Counter SmsSent { get; }
    /// <summary>Sends the SMS provider refused or that did not reach it (each attempt; the reason is in the log).</summary>
    public Counter SmsSendFailures { get; }
    /// <summary>Delivery reports that moved an outbox row to delivered or failed.</summary>
    public Counter SmsReportsApplied { get; }
    /// <summary>Delivery reports refused for a wrong callback secret (404-like probing, or a forgery).</summary>
    public Counter SmsReportsForged { get; }
    /// <summary>Delivery reports refused because their fields were missing or unreadable.</summary>
    public Counter SmsReportsMalformed { get; }
    /// <summary>Delivery reports for a message id no SMS outbox row has.</summary>
    public Counter SmsReportsUnknown { get; }
    /// <summary>Webhook deliveries a receiver answered with 2xx.</summary>
    public Counter WebhookDeliveriesSent { get; }
    /// <summary>Failed webhook delivery attempts (another status, a timeout, no connection); each is retried with backoff.</summary>
    public Counter WebhookDeliveriesFailed { get; }
    /// <summary>Subscriptions disabled after Webhooks:DisableAfterFailures failures in a row (each audited for its school).</summary>
    public Counter WebhookSubscriptionsDisabled { get; }
    /// <summary>Updates (messages, button presses) the parents' bots received, by webhook or polling.</summary>
    public Counter TelegramUpdates { get; }
    /// <summary>Webhook calls refused (401) for a missing or wrong X-Telegram-Bot-Api-Secret-Token.</summary>
    public Counter TelegramWebhookRejected { get; }
    /// <summary>Webhook bodies that were not a Telegram update (400).</summary>
    public Counter TelegramMalformedUpdates { get; }
    /// <summary>Updates the gateway failed to handle (e.g. the store failed); each also logged.</summary>
    public Counter TelegramUpdateFailures { get; }
    /// <summary>getUpdates calls that failed (the poller backs off and goes on).</summary>
    public Counter TelegramPollingErrors { get; }
    public Counter TelegramLinkCodesIssued { get; }
    /// <summary>Chats linked to a guardian with /start and a link code.</summary>
    public Counter TelegramChatsLinked { get; }
    /// <summary>/start with a wrong, expired or used code, another school's code, or from a chat linked to someone else.</summary>
    public Counter TelegramLinksRefused { get; }
    /// <summary>/start codes refused unchecked after too many wrong ones from one chat (also in telegramLinksRefused).</summary>
    public Counter TelegramLinksThrottled { get; }
    public Counter TelegramChatsUnlinked { get; }
    /// <summary>Template delete commands published to turnstiles (re-sends included, until the device confirms).</summary>
    public Counter TemplateDeletesSent { get; }
    /// <summary>Enrollments whose device confirmed the template deleted (repeated confirmations not counted).</summary>
    public Counter TemplateDeletesConfirmed { get; }
    /// <summary>Unknown commands, stray text and stale buttons (each answered with the help).</summary>
    public Counter TelegramUnknownInput { get; }
    /// <summary>The bot's answers to parents that Telegram refused or that could not reach it.</summary>
    public Counter TelegramRepliesFailed { get; }
    /// <summary>Roster files refused whole: not CSV, not UTF-8, too large, unreadable, a bad header (row errors are in the report).</summary>
    public Counter RosterImportsRefused { get; }
    /// <summary>Children whose guardians were told they were not in by the absent-after time (once per child and day).</summary>
    public Counter AbsenceAlerts { get; }
    /// <summary>Operator taps (POST /api/integrations/transport/taps) of a known card stored as journey events.</summary>
    public Counter TransportTapsStored { get; }
    /// <summary>Operator taps whose (operator, tapId) was already handed in: nothing stored again.</summary>
    public Counter TransportTapsDuplicate { get; }
    /// <summary>Operator taps of a card that is no active card of an active student (kept in transport_taps, nobody told).</summary>
    public Counter TransportTapsUnknownCard { get; }
    /// <summary>Operator tap rows refused as invalid (the answer names the field); the rest of their batch is stored.</summary>
    public Counter TransportTapsInvalid { get; }
    /// <summary>Stored operator taps naming a route or vehicle the registry does not have for the operator (stored all the same).</summary>
    public Counter TransportTapsUnregistered { get; }
    /// <summary>Journey events recorded, from bus validators (MQTT) and operators (HTTPS).</summary>
    public Counter JourneyEvents { get; }
    /// <summary>"On the bus but not at school" safety alerts raised.</summary>
    public Counter JourneyAlertsRaised { get; }
    /// <summary>Raised alerts cleared by the child coming through the school's entrance.</summary>
    public Counter JourneyAlertsCleared { get; }

    /// <summary>Current values keyed by their camelCase JSON names.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (_all)
        {
            return _all.ToDictionary(c => c.JsonName, c => c.Value);
        }
    }

    /// <summary>
    /// A counter per channel, made on first use: "schoolgate.notifications.{what}" tagged with the
    /// channel, "{what}.{channel}" on /api/metrics (e.g. parentMessagesSent.telegram).
    /// </summary>
    public Counter PerChannel(string what, string channel)
    {
        var jsonName = $"{what}.{channel}";
        lock (_all)
        {
            return _all.FirstOrDefault(c => c.JsonName == jsonName) ?? New($"schoolgate.notifications.{what}.{channel}", jsonName);
        }
    }

    public void Dispose() => _meter.Dispose();

    // Every counter is created here, so none can be left out of the snapshot.
    private Counter New(string instrumentName, string jsonName)
    {
        var counter = new Counter(_meter, instrumentName, jsonName);
        lock (_all)
        {
            _all.Add(counter);
        }

        return counter;
    }

    public sealed class Counter
    {
        private readonly Counter<long> _instrument;
        private long _value;

        internal Counter(Meter meter, string instrumentName, string jsonName)
        {
            _instrument = meter.CreateCounter<long>(instrumentName);
            JsonName = jsonName;
        }

        public string JsonName { get; }

        public long Value => Interlocked.Read(ref _value);

        public void Add(long delta = 1)
        {
            if (delta == 0)
            {
                return;
            }

            Interlocked.Add(ref _value, delta);
            _instrument.Add(delta);
        }
    }
}
