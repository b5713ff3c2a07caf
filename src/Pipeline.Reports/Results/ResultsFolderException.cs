namespace Pipeline.Reports.Results;

/// <summary>The results folder is missing or cannot be read; the message names it.</summary>
public sealed class ResultsFolderException(string message, Exception? inner = null) : Exception(message, inner);
