using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;

namespace BreatheBot.Core.Tests.Support;

/// <summary>A store without a durable outbox (as a store that has not implemented one yet): replies go from memory only.</summary>
internal sealed class MemoryOnlyStore(IConversationStore inner) : IConversationStore
{
    public ValueTask<StoredConversation?> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

    public ValueTask<IReadOnlyList<StoredConversation>> LoadScheduledAsync(CancellationToken cancellationToken) => inner.LoadScheduledAsync(cancellationToken);

    public ValueTask<UserProfile?> LoadProfileAsync(string userKey, CancellationToken cancellationToken) => inner.LoadProfileAsync(userKey, cancellationToken);

    public ValueTask CommitAsync(TurnCommit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public ValueTask<string> ResolvePersonAsync(string userKey, CancellationToken cancellationToken) => inner.ResolvePersonAsync(userKey, cancellationToken);

    public ValueTask<LinkCode?> FindLinkCodeAsync(string code, CancellationToken cancellationToken) => inner.FindLinkCodeAsync(code, cancellationToken);

    public ValueTask MoveChatAsync(ConversationKey from, ConversationKey to, CancellationToken cancellationToken) => inner.MoveChatAsync(from, to, cancellationToken);
}
