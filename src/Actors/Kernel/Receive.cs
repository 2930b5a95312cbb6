namespace Actors;

/// <summary>A behaviour: handles a message and returns whether it did.</summary>
public delegate bool Receive(object message);
