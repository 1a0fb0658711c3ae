namespace Flyte.Workflows;

/// <summary>The terminal phases of a workflow execution a notification can fire on (<c>core.WorkflowExecution.Phase</c>).</summary>
public enum WorkflowExecutionPhase
{
    /// <summary>SUCCEEDED.</summary>
    Succeeded = 4,
    /// <summary>FAILED.</summary>
    Failed = 6,
    /// <summary>ABORTED.</summary>
    Aborted = 7,
    /// <summary>TIMED_OUT.</summary>
    TimedOut = 8,
}

/// <summary>How a notification is delivered (<c>admin.Notification.type</c>).</summary>
public enum NotificationChannel
{
    /// <summary><c>email</c>.</summary>
    Email,
    /// <summary><c>pager_duty</c>.</summary>
    PagerDuty,
    /// <summary><c>slack</c>.</summary>
    Slack,
}

/// <summary>
/// A notification of a launch plan's executions (<c>admin.Notification</c>), as flytekit's <c>Email</c>,
/// <c>PagerDuty</c> and <c>Slack</c> write it: the phases it fires on and the recipients' addresses.
/// </summary>
/// <param name="Channel">Email, PagerDuty or Slack.</param>
/// <param name="Phases">The terminal phases it fires on (at least one).</param>
/// <param name="Recipients">The recipients' email addresses (at least one).</param>
public sealed record Notification(NotificationChannel Channel, ValueList<WorkflowExecutionPhase> Phases, ValueList<string> Recipients)
{
    /// <summary>An email to <paramref name="recipients"/> when an execution ends in one of <paramref name="phases"/>.</summary>
    public static Notification Email(IEnumerable<WorkflowExecutionPhase> phases, params string[] recipients) => Of(NotificationChannel.Email, phases, recipients);

    /// <summary>A PagerDuty alert to <paramref name="recipients"/> when an execution ends in one of <paramref name="phases"/>.</summary>
    public static Notification PagerDuty(IEnumerable<WorkflowExecutionPhase> phases, params string[] recipients) => Of(NotificationChannel.PagerDuty, phases, recipients);

    /// <summary>A Slack message to <paramref name="recipients"/> when an execution ends in one of <paramref name="phases"/>.</summary>
    public static Notification Slack(IEnumerable<WorkflowExecutionPhase> phases, params string[] recipients) => Of(NotificationChannel.Slack, phases, recipients);

    private static Notification Of(NotificationChannel channel, IEnumerable<WorkflowExecutionPhase> phases, string[] recipients)
    {
        var list = phases.ToList();
        if (list.Count == 0) throw new ArgumentException("A notification needs at least one phase to fire on.", nameof(phases));
        foreach (var phase in list)
            if (!Enum.IsDefined(phase))
                throw new ArgumentException($"Invalid phase: {(int)phase}. Only terminal states are permitted for notification events (SUCCEEDED, FAILED, ABORTED, TIMED_OUT).", nameof(phases));
        if (recipients.Length == 0) throw new ArgumentException("A notification needs at least one recipient.", nameof(recipients));
        return new Notification(channel, new(list), new(recipients));
    }
}
