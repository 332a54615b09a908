using System.Collections.Frozen;

namespace ClinicalImaging.Domain.Common;

/// <summary>
/// The legal moves of one state machine, as data: every (from, to) pair not listed is refused with a
/// <see cref="StateTransitionException"/>. Tests walk the whole table, so a rule is never only implied by code.
/// </summary>
public sealed class TransitionTable<TState>
    where TState : struct, Enum
{
    private readonly FrozenSet<(TState From, TState To)> _allowed;

    public TransitionTable(string aggregate, params (TState From, TState To)[] allowed)
    {
        Aggregate = aggregate;
        _allowed = allowed.ToFrozenSet();
    }

    public string Aggregate { get; }

    public bool Allows(TState from, TState to) => _allowed.Contains((from, to));

    /// <summary>Throws unless <paramref name="from"/> → <paramref name="to"/> is listed; <paramref name="action"/> is what the caller asked for.</summary>
    public void Ensure(Guid id, TState from, TState to, string action, string? hint = null)
    {
        if (!Allows(from, to))
        {
            throw new StateTransitionException(Aggregate, id, from.ToString(), action, to.ToString(), hint);
        }
    }
}
