using BreatheBot.Core.Storage;

namespace BreatheBot.Storage.Contract;

/// <summary>A provider's stores opened on one test's storage; disposing closes them (the storage stays, for a reopen).</summary>
public sealed class StoreSession(IConversationStore conversations, IEpisodeStore episodes, Func<ValueTask> close) : IAsyncDisposable
{
    public IConversationStore Conversations { get; } = conversations;

    public IEpisodeStore Episodes { get; } = episodes;

    public ValueTask DisposeAsync() => close();
}
