using System.Collections.Concurrent;
using BreatheBot.Storage.LiteDb.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace BreatheBot.Storage.LiteDb;

/// <summary>
/// Every write runs on one dedicated thread: LiteDB transactions are bound to the OS thread, so no transaction ever
/// spans an await. Writes waiting together are committed in one transaction (group commit); if a batch fails, its
/// writes are retried one by one so a bad write fails alone. A write's task completes after its commit. A failure that
/// means LiteDB's engine has stopped itself (see <see cref="IsEngineStopped"/>) is reported once to the owner.
/// </summary>
public sealed class SingleWriter : IDisposable
{
    private readonly LiteDatabase _database;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Action<Exception> _engineStopped;
    private readonly ReaderWriterLockSlim _access;
    private readonly BlockingCollection<WriteRequest> _queue = new();
    private readonly Thread _thread;

    internal SingleWriter(LiteDatabase database, int maxBatch, ILogger logger, Action<Exception> engineStopped, ReaderWriterLockSlim access)
    {
        _database = database;
        _maxBatch = maxBatch;
        _logger = logger;
        _engineStopped = engineStopped;
        _access = access;
        _thread = new Thread(Run) { IsBackground = true, Name = "BreatheBot LiteDB writer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="write"/> inside a transaction on the writer thread; completes once committed.</summary>
    public Task WriteAsync(Action<LiteDatabase> write, CancellationToken cancellationToken = default) =>
        WriteAsync(write, cancellationToken, transactional: true);

    /// <summary>
    /// As <see cref="WriteAsync(Action{LiteDatabase}, CancellationToken)"/>; a non-transactional request (a checkpoint)
    /// runs alone on the writer thread, outside any transaction.
    /// </summary>
    public Task WriteAsync(Action<LiteDatabase> write, CancellationToken cancellationToken, bool transactional)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new WriteRequest(write, transactional);
        try
        {
            _queue.Add(request, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SingleWriter), "The diary database is closing; the write was not accepted.");
        }

        return request.Completion.Task;
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(_maxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            if (!first.Transactional)
            {
                RunAlone(first);
                continue;
            }

            batch.Clear();
            batch.Add(first);
            WriteRequest? alone = null;
            while (batch.Count < _maxBatch && _queue.TryTake(out var next))
            {
                if (!next.Transactional)
                {
                    alone = next;
                    break;
                }

                batch.Add(next);
            }

            _access.EnterWriteLock();
            try
            {
                if (!TryCommit(batch))
                {
                    foreach (var single in batch)
                    {
                        TryCommit([single]);
                    }
                }
            }
            finally
            {
                _access.ExitWriteLock();
            }

            if (alone is not null)
            {
                RunAlone(alone);
            }
        }
    }

    private void RunAlone(WriteRequest request)
    {
        _access.EnterWriteLock();
        try
        {
            request.Write(_database);
            request.Completion.TrySetResult();
        }
        catch (Exception exception)
        {
            Observe(exception);
            request.Completion.TrySetException(exception);
        }
        finally
        {
            _access.ExitWriteLock();
        }
    }

    /// <summary>
    /// True for the failures after which LiteDB 5 closes its engine for good (an I/O error, an internal consistency check,
    /// the engine already disposed): every later read and write fails too, so the process must restart to reopen the file.
    /// </summary>
    internal static bool IsEngineStopped(Exception exception) =>
        exception is IOException or ObjectDisposedException
        || exception is LiteException { ErrorCode: LiteException.ENGINE_DISPOSED or LiteException.INVALID_DATAFILE_STATE };

    private void Observe(Exception exception)
    {
        if (IsEngineStopped(exception))
        {
            _engineStopped(exception);
        }
    }

    private bool TryCommit(List<WriteRequest> batch)
    {
        try
        {
            _database.BeginTrans();
            foreach (var request in batch)
            {
                request.Write(_database);
            }

            _database.Commit();
        }
        catch (Exception exception)
        {
            SafeRollback();
            Observe(exception);
            if (batch.Count > 1)
            {
                Log.BatchFailed(_logger, exception, batch.Count);
                return false;
            }

            batch[0].Completion.TrySetException(exception);
            return true;
        }

        foreach (var request in batch)
        {
            request.Completion.TrySetResult();
        }

        return true;
    }

    private void SafeRollback()
    {
        try
        {
            _database.Rollback();
        }
        catch (Exception exception) when (exception is LiteException || IsEngineStopped(exception))
        {
            // Nothing to roll back, or nothing left to roll back with.
        }
    }

    /// <summary>Accepts no more writes, finishes the queued ones and stops the thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private sealed class WriteRequest(Action<LiteDatabase> write, bool transactional)
    {
        public Action<LiteDatabase> Write { get; } = write;

        public bool Transactional { get; } = transactional;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
