import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier
import TousuHotspots
import TousuText

/// sysexits-style exit statuses (see README, "Exit status").
enum ExitStatus: Int32 {
    case usage = 64
    case dataError = 65
    case noInput = 66
    /// `serve` could not run: it cannot listen on its host and port, or stopped on an error.
    case unavailable = 69
    case software = 70
    case cannotCreate = 73
    case ioError = 74
}

/// The one mapping from errors to the message printed after "tousu: error: " and the exit status.
enum ErrorReport {
    /// The message and status of a library or CLI error; nil for argument-parser errors (usage, help).
    static func describe(_ error: any Error) -> (message: String, status: ExitStatus)? {
        switch error {
        case let e as CommandError:
            switch e {
            case .noInput: return (e.description, .noInput)
            case .cannotCreate: return (e.description, .cannotCreate)
            case .ioError: return (e.description, .ioError)
            case .badData: return (e.description, .dataError)
            case .usage: return (e.description, .usage)
            case .unavailable: return (e.description, .unavailable)
            }
        case let e as ClassifierError:
            switch e {
            case .badDataFile, .badRecord(_, _, _), .emptyTrainingSet, .incompatibleModels:
                if case .badRecord(_, 0, _) = e { return (e.description, .noInput) }
                return (e.description, .dataError)
            case .modelFile(_, let reason):
                if reason.hasPrefix("cannot write") { return (e.description, .cannotCreate) }
                if reason.hasPrefix("cannot read") { return (e.description, .noInput) }
                return (e.description, .dataError)
            case .badSetting: return ("--" + e.description, .usage)
            case .noModel, .missingInput: return (e.description, .noInput)
            }
        case let e as DataFileError:
            switch e {
            case .unreadable: return (e.description, .noInput)
            case .notUTF8: return (e.description, .dataError)
            }
        case let e as PathError:
            switch e {
            case .inputIsDirectory: return (e.description, .noInput)
            case .isInput, .sameFile: return (e.description, .usage)  // the user named an input (or one file twice) as an output
            case .notRegularFile, .noSuchDirectory, .inUse, .cannotLock: return (e.description, .cannotCreate)
            }
        case let e as BatchError:
            switch e {
            case .cannotOpen(_, let reason): return (e.description, reason == "not readable" ? .noInput : .cannotCreate)
            case .readFailed, .writeFailed: return (e.description, .ioError)
            case .badHeader, .badCheckpoint, .checkpointMismatch: return (e.description, .dataError)
            case .resumeUnavailable, .badOption: return (e.description, .usage)
            }
        case let e as HotspotError:
            switch e {
            case .cannotOpen, .template: return (e.description, .noInput)
            case .badDate: return (e.description, .usage)
            case .noDatedRecords, .outsideData, .text: return (e.description, .dataError)
            case .history: return (e.description, .ioError)
            }
        case let e as CocoaError:
            let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.errorUserInfo[NSFilePathErrorKey] as? String
            let what = path.map { "\($0): " } ?? ""
            switch e.code {
            case .fileNoSuchFile, .fileReadNoSuchFile, .fileReadNoPermission, .fileReadUnknown:
                return (what + "cannot read the file", .noInput)
            case .fileWriteNoPermission, .fileWriteOutOfSpace, .fileWriteVolumeReadOnly, .fileWriteUnknown,
                .fileWriteInvalidFileName, .fileWriteFileExists:
                return (what + "cannot write the file", .cannotCreate)
            default:
                return (what + "input/output error (\(e.code.rawValue))", .ioError)
            }
        case let e as ICUError:
            return ("ICU: \(e.description)", .software)
        default:
            return nil
        }
    }
}
