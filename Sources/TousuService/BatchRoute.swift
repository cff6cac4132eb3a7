import Dispatch
import Foundation
import Hummingbird
import Synchronization
import TousuBatch
import TousuClassifier

/// `POST /v1/batch`: a JSONL, CSV or TSV body streamed in, classified JSONL streamed out in input
/// order by the batch library (`BatchStream`), each reject as a line of its own marked
/// `"reject":true`, then a summary line `{"summary":{"read":…,"written":…,"rejected":…}}`
/// (read = written + rejected). The body flows through a pipe: at most a few chunks of input
/// and output are in memory at once, whatever the body's size.
extension ServiceState {
    func batch(_ request: Request, context: some RequestContext) async throws -> Response {
        var options = BatchOptions()
        let query = request.uri.queryParameters
        // An empty value is no value (`?text_field=` keeps the default).
        func value(_ name: String) -> String? { query[Substring(name)].flatMap { $0.isEmpty ? nil : String($0) } }
        if let format = value("format") {
            guard let f = InputFormat(rawValue: format) else {
                throw Problem(.invalidField, "format must be auto, jsonl, csv or tsv, not \(format)", field: "format")
            }
            options.format = f
        }
        if let encoding = value("encoding") {
            guard let e = InputEncoding(rawValue: encoding) else {
                throw Problem(.invalidField, "encoding must be auto, utf-8, gb18030, utf-16le or utf-16be", field: "encoding")
            }
            options.encoding = e
        }
        func list(_ name: String) -> [String]? { value(name).map { $0.split(separator: ",").map(String.init) } }
        let defaults = RecordMapping()
        options.mapping = RecordMapping(
            textFields: list("text_field") ?? defaults.textFields, idField: value("id_field") ?? defaults.idField,
            dateField: value("date_field") ?? defaults.dateField,
            merchantFields: list("merchant_field") ?? defaults.merchantFields,
            regionFields: list("region_field") ?? defaults.regionFields)
        options.maxTextLength = configuration.maxTextLength
        options.threads = configuration.batchThreads
        options.checkpoints = false
        options.chunkSize = 1024
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxBatchBytes {
            throw Problem(.bodyTooLarge, "the body has \(length) bytes; the batch limit is \(configuration.maxBatchBytes)")
        }
        let length = request.headers[.contentLength].flatMap { Int($0) }
        let noBody = length == 0 || (length == nil && request.headers[.transferEncoding] == nil)
        if noBody && request.headers[.contentType] == nil {
            throw Problem(.badBatch, "the body is missing: send JSONL, CSV or TSV records")
        }
        if noBody {
            // An empty document (an empty export): nothing read, nothing written.
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"summary":{"read":0,"written":0,"rejected":0,"seconds":0}}"# + "\n")))
        }
        guard batches.enter() else {
            throw Problem(.overloaded, "more than \(batches.limit) batches in flight")
        }
        let classifier = model.current.withoutExplanations
        let metrics = self.metrics
        let stream = BatchStream(options: options) { record in
            let prediction = try classifier.classify(record.text)
            metrics.classified(sector: prediction.sector)
            return prediction
        }
        let limit = configuration.maxBatchBytes
        let timeout = configuration.batchTimeout
        let gate = batches
        let logger = context.logger
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"],
            body: ResponseBody { writer in
                defer { gate.leave() }
                let transfer = BatchTransfer()
                let (output, continuation) = AsyncStream<[UInt8]>.makeStream()
                let thread = Thread {
                    let summary: [UInt8]
                    do {
                        let s = try stream.run(input: transfer.pipe.fileHandleForReading) { bytes in
                            try transfer.waitForRoom()
                            continuation.yield(bytes)
                        }
                        metrics.rejected(s.rejected)
                        var line = #"{"summary":{"read":\#(s.read),"written":\#(s.written),"rejected":\#(s.rejected),"#
                        line += #""seconds":\#((s.seconds * 1000).rounded() / 1000)"#
                        if let note = transfer.truncation { line += #","error":"\#(note)""# }
                        summary = Array((line + "}}\n").utf8)
                    } catch {
                        let detail = String(describing: error).replacingOccurrences(of: "\"", with: "'")
                        summary = Array(#"{"error":{"type":"\#(Problem.Kind.badBatch.type)","detail":"\#(detail)"}}"#.utf8) + [0x0A]
                    }
                    if !transfer.cancelled { continuation.yield(summary) }
                    continuation.finish()
                    transfer.drainInput()
                }
                thread.start()
                let fed = Task { await transfer.feed(request.body, limit: limit) }
                // batch-timeout: the input stops where it has come to; the records read are
                // finished and the summary line says why the input ended.
                let timer = Task {
                    try await Task.sleep(for: .seconds(timeout))
                    transfer.stop("the batch took longer than the batch timeout of \(timeout) s; input stopped there")
                    fed.cancel()
                }
                defer { timer.cancel() }
                do {
                    for await bytes in output {
                        try await writer.write(ByteBuffer(bytes: bytes))
                        transfer.madeRoom()
                    }
                } catch {
                    transfer.cancel()
                    logger.notice("batch client went away", metadata: ["error": "\(error)"])
                }
                await fed.value
                // Input cut off (timeout, size): the rest of the body is not waited for.
                try await writer.finish(nil)
                if transfer.truncation != nil { closeConnection(of: context) }
            })
    }
}

/// The two ends of a batch stream: the request body written into a pipe that the batch library
/// reads on its own thread, and a small allowance of output chunks waiting for the client.
final class BatchTransfer: Sendable {
    let pipe = Pipe()
    /// Output chunks the worker may hand over before the client has taken them.
    private let room = DispatchSemaphore(value: 4)
    private let state = Mutex<(cancelled: Bool, truncation: String?)>((false, nil))
    private let writes = DispatchQueue(label: "tousu.batch.feed")

    var cancelled: Bool { state.withLock { $0.cancelled } }
    var truncation: String? { state.withLock { $0.truncation } }

    /// Copies the request body into the pipe (writes block, so they run off the concurrency
    /// pool), then closes it: the reader sees the end of input. Stops at `limit` bytes.
    func feed(_ body: RequestBody, limit: Int) async {
        var total = 0
        do {
            for try await buffer in body {
                if state.withLock({ $0.cancelled || $0.truncation != nil }) { break }
                total += buffer.readableBytes
                if total > limit {
                    stop("the body is larger than the batch limit of \(limit) bytes; input stopped there")
                    break
                }
                let data = Data(buffer: buffer)
                let ok: Bool = await withCheckedContinuation { done in
                    writes.async { [pipe] in
                        do {
                            try pipe.fileHandleForWriting.write(contentsOf: data)
                            done.resume(returning: true)
                        } catch {
                            done.resume(returning: false)
                        }
                    }
                }
                if !ok { break }
            }
        } catch {
            stop("the request body broke off")
        }
        await withCheckedContinuation { done in
            writes.async { [pipe] in
                try? pipe.fileHandleForWriting.close()
                done.resume()
            }
        }
    }

    /// Ends the input early (the first reason given is kept): the feeder stops at its next buffer.
    func stop(_ reason: String) {
        state.withLock { if $0.truncation == nil { $0.truncation = reason } }
    }

    /// On the worker: waits until the client has taken an earlier chunk; throws when it left.
    func waitForRoom() throws {
        room.wait()
        if cancelled { throw CancellationError() }
    }

    func madeRoom() { room.signal() }

    /// The client went away: the worker stops at its next chunk, the feeder at its next buffer.
    func cancel() {
        state.withLock { $0.cancelled = true }
        for _ in 0..<8 { room.signal() }
    }

    /// On the worker when it has finished: reads the pipe to its end so a feeder never blocks.
    func drainInput() {
        let handle = pipe.fileHandleForReading
        while let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty {}
        try? handle.close()
    }
}
