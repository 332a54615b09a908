namespace ClinicalImaging.Domain.Common;

/// <summary>
/// An action that an aggregate's state machine does not allow from its current state (HTTP 409). The message names the
/// aggregate, its current state, the action and, where the action has one, the state it would have led to.
/// </summary>
public sealed class StateTransitionException : DomainException
{
    public StateTransitionException(string aggregate, Guid id, string from, string action, string? to, string? hint = null)
        : base($"{aggregate} {id} is {from}: {action}{(to is null ? string.Empty : $" (to {to})")} is not allowed{(hint is null ? string.Empty : $"; {hint}")}")
    {
        Aggregate = aggregate;
        From = from;
        To = to;
        Action = action;
    }

    public StateTransitionException() { }

    public StateTransitionException(string message) : base(message) { }

    public StateTransitionException(string message, Exception innerException) : base(message, innerException) { }

    public string Aggregate { get; } = string.Empty;

    public string From { get; } = string.Empty;

    public string? To { get; }

    public string Action { get; } = string.Empty;
}
