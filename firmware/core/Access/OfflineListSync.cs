using System;
using SchoolGate.Firmware.Core.Storage;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Applies the gateway's retained access lists to the <see cref="OfflineAccessList"/>, a little
    /// on every <see cref="Loop"/>: an ESP32 interprets IL, and reading, sorting and storing a
    /// list of thousands of cards in one go held the lane for seconds. The list in force keeps
    /// deciding until the new one is checked whole, persisted and read back intact; only then does
    /// it switch.
    /// </summary>
    /// <remarks>
    /// Three phases. Scanning checks the payload strictly (<see cref="AccessListScan"/>); Building
    /// copies the ids into table pages and writes each finished page to the spare page set
    /// (<see cref="CardTableBuilder"/>); Verifying, after the payload is released, reads the pages
    /// back from flash and checks their CRC-32 against what was written, then one head write makes
    /// them the list in force. A step processes at most <see cref="StepBudget"/> bytes (plus the one
    /// id it is copying: <see cref="MaxStepOperations"/>) and does at most one storage write or
    /// page read. Peak RAM is the list in force plus the payload plus one page while building, and
    /// the two tables while verifying, never all three. Only a strictly newer version replaces the
    /// stored list: the broker re-delivers the retained list on every subscribe, and a stale list
    /// must never bring back a card the gateway has since revoked. A list that arrives while
    /// another is being applied replaces it (MQTT keeps one topic's messages in order, so the later
    /// one is the newer publish).
    /// </remarks>
    public sealed class OfflineListSync
    {
        /// <summary>Payload or page bytes processed per loop step.</summary>
        public const int StepBudget = 512;

        /// <summary>The bound on one step's work, in bytes read plus table bytes written.</summary>
        public const int MaxStepOperations = StepBudget + 2 * Protocol.DeviceIds.MaxLength + 2;

        /// <summary>Storage faults while building (each restarts the build) or while verifying (each retries the step) before the list is given up (the broker sends it again on the next connect).</summary>
        public const int MaxAttempts = 3;

        private const int Idle = 0;
        private const int Scanning = 1;
        private const int Building = 2;
        private const int Verifying = 3;

        private readonly OfflineAccessList _list;
        private readonly int _capacity;
        private readonly int _maxResidentBytes;
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

        // What Verifying reads back and checks against.
        private long _version;
        private int _count;
        private int _width;
        private uint _writtenCrc;
        private byte[][] _pages;
        private int _page;
        private int _pageOffset;
        private uint _readCrc;

        public OfflineListSync(OfflineAccessList list, int capacity)
            : this(list, capacity, int.MaxValue)
        {
        }

        /// <param name="maxResidentBytes">The most RAM a list may hold once applied (count times the longest id); larger lists are refused whole.</param>
        public OfflineListSync(OfflineAccessList list, int capacity, int maxResidentBytes)
        {
            _list = list;
            _capacity = capacity;
            _maxResidentBytes = maxResidentBytes;
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

        /// <summary>Lists that were malformed, unsorted, held an invalid card id, or exceeded the capacity or the RAM budget.</summary>
        public int RejectedLists
        {
            get { return _rejectedLists; }
        }

        /// <summary>Lists given up after <see cref="MaxAttempts"/> storage faults, or whose pages did not read back intact.</summary>
        public int FailedLists
        {
            get { return _failedLists; }
        }

        /// <summary>True while a list is being checked, built or verified (the previous list is in force).</summary>
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
            Finish();
            _payload = payload;
            _scan = new AccessListScan(payload, _capacity);
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
            }
            else if (_phase == Building)
            {
                BuildStep();
            }
            else
            {
                try
                {
                    VerifyStep();
                }
                catch (Exception)
                {
                    // A read or the head write failed: the step is retried, a few times.
                    if (++_attempts >= MaxAttempts)
                    {
                        GiveUp();
                    }

                    throw;
                }
            }
        }

        private void Scanned(int result)
        {
            if (_scan.HasVersion && _scan.Version <= _list.Version)
            {
                _staleLists++;
                Finish();
            }
            else if (result == AccessListScan.Invalid || (result == AccessListScan.Valid && (long)_scan.Count * _scan.MaxLength > _maxResidentBytes))
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

        private void BuildStep()
        {
            CardTableBuilder builder = _builder;
            long before = builder.Consumed;
            try
            {
                int result = builder.Step(StepBudget);
                if (result == CardTableBuilder.PageReady)
                {
                    _list.WritePage(builder.ReadyPage, builder.ReadyBytes);
                }
                else if (result == CardTableBuilder.Done)
                {
                    StartVerifying(builder);
                }
            }
            catch (Exception)
            {
                // A busy or failing flash: the list in force stays; build the new one again.
                if (++_attempts < MaxAttempts)
                {
                    _builder = new CardTableBuilder(_payload, _scan);
                }
                else
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

        private void StartVerifying(CardTableBuilder builder)
        {
            _version = _scan.Version;
            _count = builder.Count;
            _width = builder.Width;
            _writtenCrc = builder.Crc;
            _pages = new byte[builder.PageCount][];
            _page = 0;
            _pageOffset = 0;
            _readCrc = Crc32.Start;
            _attempts = 0;
            // The payload goes before the new table is loaded: never both in RAM with the old list.
            _payload = null;
            _scan = null;
            _builder = null;
            _phase = Verifying;
        }

        private void VerifyStep()
        {
            if (_page == _pages.Length)
            {
                // Every page read back with the CRC that was written: one head write switches.
                _list.Commit(new CardTable(_pages, _width, _count), _version, _writtenCrc);
                _appliedLists++;
                Finish();
                return;
            }

            if (_pages[_page] == null)
            {
                byte[] bytes = _list.ReadSparePage(_page, _count, _width);
                if (bytes == null)
                {
                    GiveUp();
                    return;
                }

                _pages[_page] = bytes;
                _pageOffset = 0;
            }

            byte[] page = _pages[_page];
            int length = page.Length - _pageOffset < StepBudget ? page.Length - _pageOffset : StepBudget;
            _readCrc = Crc32.Update(_readCrc, page, _pageOffset, length);
            _pageOffset += length;
            Measure(length);
            if (_pageOffset == page.Length)
            {
                _page++;
                if (_page == _pages.Length && Crc32.Finish(_readCrc) != _writtenCrc)
                {
                    GiveUp();
                }
            }
        }

        // The flash did not keep what was written (worn or failing): the list in force stays. The
        // payload is gone, so the list waits for the broker's next delivery (every reconnect).
        private void GiveUp()
        {
            _failedLists++;
            Finish();
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
            _pages = null;
            _phase = Idle;
        }
    }
}
