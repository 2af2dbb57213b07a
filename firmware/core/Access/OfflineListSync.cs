using System;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Applies the gateway's retained access lists to the <see cref="OfflineAccessList"/>, a little
    /// on every <see cref="Loop"/>: an ESP32 interprets IL, and reading, sorting and storing a
    /// list of thousands of cards in one go held the lane for seconds. The list in force keeps
    /// deciding until the new one is checked whole, built and persisted; only then does it switch.
    /// </summary>
    /// <remarks>
    /// A step reads at most <see cref="StepBudget"/> payload bytes (plus the one id it is copying:
    /// <see cref="MaxStepOperations"/>) and writes at most one page of at most 4 KB; the last step
    /// writes the head record and deletes leftover pages. Only a strictly newer version replaces the
    /// stored list: the broker re-delivers the retained list on every subscribe, and a stale list
    /// must never bring back a card the gateway has since revoked. A list that arrives while
    /// another is being applied replaces it (MQTT keeps one topic's messages in order, so the later
    /// one is the newer publish).
    /// </remarks>
    public sealed class OfflineListSync
    {
        /// <summary>Payload bytes read per loop step.</summary>
        public const int StepBudget = 512;

        /// <summary>The bound on one step's work, in payload bytes read plus table bytes written.</summary>
        public const int MaxStepOperations = StepBudget + 2 * Protocol.DeviceIds.MaxLength + 2;

        /// <summary>A storage fault restarts the build this many times before the list is given up (the broker sends it again on the next connect).</summary>
        public const int MaxAttempts = 3;

        private const int Idle = 0;
        private const int Scanning = 1;
        private const int Building = 2;

        private readonly OfflineAccessList _list;
        private readonly int _capacity;
        private byte[] _payload;
        private AccessListScan _scan;
        private CardTableBuilder _builder;
        private int _phase = Idle;
        private int _attempts;
        private int _appliedLists;
        private int _staleLists;
        private int _rejectedLists;
        private int _failedLists;
        private int _steps;
        private long _largestStep;

        public OfflineListSync(OfflineAccessList list, int capacity)
        {
            _list = list;
            _capacity = capacity;
        }

        /// <summary>Lists that replaced the stored one.</summary>
        public int AppliedLists
        {
            get { return _appliedLists; }
        }

        /// <summary>Lists whose version was not newer than the stored one (every reconnect re-delivers one).</summary>
        public int StaleLists
        {
            get { return _staleLists; }
        }

        /// <summary>Lists that were malformed, unsorted, held an invalid card id, or exceeded the capacity.</summary>
        public int RejectedLists
        {
            get { return _rejectedLists; }
        }

        /// <summary>Lists given up after <see cref="MaxAttempts"/> storage faults.</summary>
        public int FailedLists
        {
            get { return _failedLists; }
        }

        /// <summary>True while a list is being checked or built (the previous list is in force).</summary>
        public bool Applying
        {
            get { return _phase != Idle; }
        }

        /// <summary>Loop steps that did list work.</summary>
        public int Steps
        {
            get { return _steps; }
        }

        /// <summary>The most work one step has done, in the unit of <see cref="MaxStepOperations"/>.</summary>
        public long LargestStep
        {
            get { return _largestStep; }
        }

        /// <summary>Takes a received list; the work happens in later <see cref="Loop"/> calls.</summary>
        public void OnMessage(byte[] payload)
        {
            _payload = payload;
            _scan = new AccessListScan(payload, _capacity);
            _builder = null;
            _attempts = 0;
            _phase = Scanning;
        }

        /// <summary>One bounded step of the list being applied, if any.</summary>
        public void Loop()
        {
            if (_phase == Idle)
            {
                return;
            }

            _steps++;
            if (_phase == Scanning)
            {
                long read = _scan.Consumed;
                int result = _scan.Step(StepBudget);
                Measure(_scan.Consumed - read);
                Scanned(result);
                return;
            }

            CardTableBuilder builder = _builder;
            long before = builder.Consumed;
            try
            {
                Build();
            }
            catch (Exception)
            {
                // A busy or failing flash: the list in force stays; build the new one again.
                _builder = ++_attempts < MaxAttempts ? new CardTableBuilder(_payload, _scan) : null;
                if (_builder == null)
                {
                    _failedLists++;
                    Finish();
                }

                throw;
            }
            finally
            {
                Measure(builder.Consumed - before);
            }
        }

        private void Scanned(int result)
        {
            if (_scan.HasVersion && _scan.Version <= _list.Version)
            {
                _staleLists++;
                Finish();
            }
            else if (result == AccessListScan.Invalid)
            {
                _rejectedLists++;
                Finish();
            }
            else if (result == AccessListScan.Valid)
            {
                _builder = new CardTableBuilder(_payload, _scan);
                _phase = Building;
            }
        }

        private void Build()
        {
            int result = _builder.Step(StepBudget);
            if (result == CardTableBuilder.PageReady)
            {
                _list.WritePage(_builder.ReadyPage, _builder.PageAt(_builder.ReadyPage));
            }

            else if (result == CardTableBuilder.Done)
            {
                _list.Commit(_builder.ToTable(), _scan.Version, _builder.Crc);
                _appliedLists++;
                Finish();
            }
        }

        private void Measure(long work)
        {
            if (work > _largestStep)
            {
                _largestStep = work;
            }
        }

        private void Finish()
        {
            _payload = null;
            _scan = null;
            _builder = null;
            _phase = Idle;
        }
    }
}
