namespace Easel.Server.MoveUp;

/// <summary>The move cannot go ahead as asked; the message says why, for the operator. Nothing was committed.</summary>
public sealed class MoveUpRefusedException(string message, Exception? inner = null) : Exception(message, inner);
