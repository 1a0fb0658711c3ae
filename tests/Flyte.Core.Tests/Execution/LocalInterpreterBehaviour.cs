using Flyte.Execution;
using Flyte.Execution.Local;

namespace Flyte.Tests.Execution;

public sealed class LocalInterpreterBehaviour : InterpreterBehaviour
{
    protected override IWorkflowInterpreter CreateInterpreter(InterpreterOptions options) => new LocalInterpreter(options);
}
