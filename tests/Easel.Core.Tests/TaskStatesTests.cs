namespace Easel.Core.Tests;

public class TaskStatesTests
{
    [Theory]
    [InlineData(TaskState.Queued, TaskState.Queued, false)]
    [InlineData(TaskState.Queued, TaskState.Running, true)]
    [InlineData(TaskState.Queued, TaskState.Succeeded, false)]
    [InlineData(TaskState.Queued, TaskState.Failed, true)]
    [InlineData(TaskState.Queued, TaskState.Canceled, true)]
    [InlineData(TaskState.Running, TaskState.Queued, true)] // lease expired: back to the queue
    [InlineData(TaskState.Running, TaskState.Running, false)]
    [InlineData(TaskState.Running, TaskState.Succeeded, true)]
    [InlineData(TaskState.Running, TaskState.Failed, true)]
    [InlineData(TaskState.Running, TaskState.Canceled, true)]
    public void Non_terminal_state_moves(TaskState from, TaskState to, bool allowed)
    {
        Assert.Equal(allowed, TaskStates.CanMove(from, to));
    }

    [Theory]
    [InlineData(TaskState.Succeeded)]
    [InlineData(TaskState.Failed)]
    [InlineData(TaskState.Canceled)]
    public void Terminal_state_can_move_to_nothing(TaskState terminal)
    {
        foreach (var to in Enum.GetValues<TaskState>())
        {
            Assert.False(TaskStates.CanMove(terminal, to), $"{terminal} -> {to}");
        }
    }

    [Fact]
    public void No_state_moves_to_itself()
    {
        foreach (var state in Enum.GetValues<TaskState>())
        {
            Assert.False(TaskStates.CanMove(state, state), state.ToString());
        }
    }

    [Theory]
    [InlineData(TaskState.Queued, false)]
    [InlineData(TaskState.Running, false)]
    [InlineData(TaskState.Succeeded, true)]
    [InlineData(TaskState.Failed, true)]
    [InlineData(TaskState.Canceled, true)]
    public void IsTerminal_is_true_only_for_succeeded_failed_canceled(TaskState state, bool terminal)
    {
        Assert.Equal(terminal, state.IsTerminal());
    }

    [Theory]
    [InlineData(TaskState.Queued, "queued")]
    [InlineData(TaskState.Running, "running")]
    [InlineData(TaskState.Succeeded, "succeeded")]
    [InlineData(TaskState.Failed, "failed")]
    [InlineData(TaskState.Canceled, "canceled")]
    public void State_wire_word_round_trips(TaskState state, string wire)
    {
        Assert.Equal(wire, state.ToWire());
        Assert.Equal(state, TaskStates.Parse(wire));
    }

    [Fact]
    public void Every_state_round_trips_through_its_wire_word()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in Enum.GetValues<TaskState>())
        {
            var wire = state.ToWire();
            Assert.True(words.Add(wire), $"duplicate wire word {wire}");
            Assert.Equal(state, TaskStates.Parse(wire));
        }
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("finished")]
    [InlineData("not_started")]
    [InlineData("Queued")]
    [InlineData("")]
    public void Parse_of_unknown_word_throws_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => TaskStates.Parse(text));
    }
}
