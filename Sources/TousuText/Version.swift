/// The version of tousu: printed by `tousu --version`, written into model files and reported by
/// the service. The one place it is set.
public enum TousuVersion {
    public static let string = "0.9.0"
}
