namespace Pipeline.Method.Attacks;

/// <summary>
/// The attacks on a protected model. Fine-tuning: the attacker holds the stolen model and a share of the labelled
/// training images, plain, and fine-tunes. From scratch: the attacker's alternative, a fresh model trained on the same
/// share. Key estimation: a search for the key by the model's mean IoU (<see cref="KeyEstimation"/>).
/// </summary>
public enum AttackKind
{
    FineTuning,
    FromScratch,
    KeyEstimation,
}
