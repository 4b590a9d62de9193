namespace BreatheBot.Core.Cluster;

/// <summary>
/// Small named JSON documents shared by every node of a deployment (an adapter's bookkeeping: a gateway session to
/// resume, Identify timestamps, which channels belong to which server). The content is opaque here: the owner of a name
/// serializes it. <see cref="UpdateAsync"/> is atomic across nodes (PostgreSQL: the document's row is locked from the
/// read to the write), so two writers never lose each other's changes. Registered only in cluster mode; a single node
/// keeps such state in its own files.
/// </summary>
public interface ISharedDocuments
{
    /// <summary>The document's JSON, or null when it was never written.</summary>
    Task<string?> LoadAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the document (null when new), lets <paramref name="change"/> compute the new JSON and writes it, with no
    /// other update of the same name in between on any node. Returns what was written. <paramref name="change"/> may
    /// run while the document is locked: keep it quick and free of I/O.
    /// </summary>
    Task<string> UpdateAsync(string name, Func<string?, string> change, CancellationToken cancellationToken);
}
