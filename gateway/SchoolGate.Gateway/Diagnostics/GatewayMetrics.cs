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
    private readonly Counter[] _all;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        ConnectionsAccepted = new Counter(_meter, "schoolgate.mqtt.connections_accepted", "connectionsAccepted");
        ConnectionsRejected = new Counter(_meter, "schoolgate.mqtt.connections_rejected", "connectionsRejected");
        ConnectionsThrottled = new Counter(_meter, "schoolgate.mqtt.connections_throttled", "connectionsThrottled");
        PublishesRejected = new Counter(_meter, "schoolgate.mqtt.acl_rejections", "publishesRejected");
        MalformedPayloads = new Counter(_meter, "schoolgate.mqtt.malformed_payloads", "malformedPayloads");
        HandlerFailures = new Counter(_meter, "schoolgate.mqtt.handler_failures", "handlerFailures");
        EventsStored = new Counter(_meter, "schoolgate.events.stored", "eventsStored");
        DuplicateEvents = new Counter(_meter, "schoolgate.events.duplicates", "duplicateEvents");
        GapsDetected = new Counter(_meter, "schoolgate.events.gaps", "gapsDetected");
        GapsFilled = new Counter(_meter, "schoolgate.events.gaps_filled", "gapsFilled");
        GapsAbandoned = new Counter(_meter, "schoolgate.events.gaps_abandoned", "gapsAbandoned");
        ConflictingEvents = new Counter(_meter, "schoolgate.events.conflicts", "conflictingEvents");
        AccessRequests = new Counter(_meter, "schoolgate.access.requests", "accessRequests");
        AccessAllowed = new Counter(_meter, "schoolgate.access.allowed", "accessAllowed");
        AccessDenied = new Counter(_meter, "schoolgate.access.denied", "accessDenied");
        NotificationsQueued = new Counter(_meter, "schoolgate.notifications.queued", "notificationsQueued");
        EventBatches = new Counter(_meter, "schoolgate.events.batches", "eventBatches");
        AccessListsPublished = new Counter(_meter, "schoolgate.access_lists.published", "accessListsPublished");
        AccessListsTruncated = new Counter(_meter, "schoolgate.access_lists.truncated", "accessListsTruncated");
        ApiRequestsRejected = new Counter(_meter, "schoolgate.http.api_requests_rejected", "apiRequestsRejected");
        _all =
        [
            ConnectionsAccepted, ConnectionsRejected, ConnectionsThrottled, PublishesRejected, MalformedPayloads, HandlerFailures,
            EventsStored, DuplicateEvents, GapsDetected, GapsFilled, GapsAbandoned,
            ConflictingEvents, AccessRequests, AccessAllowed, AccessDenied,
            NotificationsQueued, EventBatches, AccessListsPublished, AccessListsTruncated, ApiRequestsRejected,
        ];
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
    /// <summary>Admin API / OpenAPI requests refused for a missing or wrong Admin:ApiKey.</summary>
    public Counter ApiRequestsRejected { get; }

    /// <summary>Current values keyed by their camelCase JSON names.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => _all.ToDictionary(c => c.JsonName, c => c.Value);

    public void Dispose() => _meter.Dispose();

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
