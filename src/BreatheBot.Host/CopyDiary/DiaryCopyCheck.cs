using BreatheBot.Core.Storage;

namespace BreatheBot.Host.CopyDiary;

/// <summary>
/// Compares a copied diary with its source: the rows per collection, and a checksum per person (see
/// <see cref="DiarySnapshot.Checksums"/>). Each difference is one line naming the collection or the person's key
/// (an account id, never anything they wrote).
/// </summary>
public static class DiaryCopyCheck
{
    /// <param name="intoEmpty">The target was empty before the copy: its counts must equal the source's (else at least).</param>
    public static IReadOnlyList<string> Compare(DiarySnapshot source, DiarySnapshot target, bool intoEmpty)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var problems = new List<string>();
        var targetCounts = target.Counts;
        foreach (var (collection, count) in source.Counts)
        {
            var copied = targetCounts[collection];
            if (intoEmpty ? copied != count : copied < count)
            {
                problems.Add($"{collection}: {count} in the LiteDB diary, {copied} in PostgreSQL");
            }
        }

        var targetSums = target.Checksums();
        foreach (var (person, sum) in source.Checksums().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!targetSums.TryGetValue(person, out var copied))
            {
                problems.Add($"{person}: nothing of theirs in PostgreSQL");
            }
            else if (copied != sum)
            {
                problems.Add($"{person}: what PostgreSQL holds differs from the LiteDB diary (checksum {sum[..12]} vs {copied[..12]})");
            }
        }

        return problems;
    }
}
