namespace Actors;

/// <summary>Marks a message type whose arrival does not reset the receiver's receive timeout.</summary>
public interface INotInfluenceReceiveTimeout;
