// One connection of HttpServer: an HTTP/1.1 keep-alive loop that may turn into a WebSocket. Included by
// http_server.cpp only (it needs HttpServer::Impl); everything runs on the connection's event loop (one thread) except
// the work sent to the worker pool: requests the router cannot answer without blocking
// (Router::TryDispatchWithoutBlocking).

namespace chancery::net {

// What a WebSocket talks through once upgraded. Over TLS, the TLS stream. Over plain TCP, the bare socket bound to
// its loop's concrete executor: the WebSocket keeps its own timeouts, so the HTTP phase's timer layer only costs,
// and a fan-out to thousands of connections takes this write path once per connection, where every type-erased
// executor hop (work guards, handler dispatch) shows.
using LoopSocket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;
template <class Stream>
struct WebSocketLayer {
  using type = Stream;
};
template <>
struct WebSocketLayer<TcpStream> {
  using type = LoopSocket;
};

template <class Stream>
class Session final : public Connection, public WebSocketPeer, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(HttpServer::Impl& server, Stream stream)
      : server_(server), stream_(std::move(stream)), handler_strand_(asio::make_strand(server.workers())) {
    boost::system::error_code error;
    auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(error);
    if (!error) peer_address_ = endpoint.address().to_string();
    executor_ = beast::get_lowest_layer(stream_).get_executor();
  }

  asio::any_io_executor executor() override { return executor_; }

  asio::awaitable<void> Run(std::shared_ptr<Session> self) {
    const std::uint64_t id = server_.Register(self);
    co_await Serve();
    CloseConnection();
    server_.Unregister(id);
  }

  void OnServerStop(bool force) override {
    if (force || (!busy_ && !ws_)) {
      closed_ = true;
      CloseSocket();
    } else if (ws_) {
      RequestClose(websocket::close_code::going_away);
    }
  }

  bool Send(std::string text) override { return SendShared(std::make_shared<const std::string>(std::move(text))); }

  bool SendShared(std::shared_ptr<const std::string> text) override {
    if (closed_) return false;
    asio::post(executor_, [self = this->shared_from_this(), text = std::move(text)]() mutable {
      self->EnqueueOnLoop(std::move(text));
    });
    return true;
  }

  void EnqueueOnLoop(std::shared_ptr<const std::string> text) override {
    if (closed_ || close_code_ || !ws_) return;
    if (queue_.size() >= server_.options().websocket_queue_limit) {
      spdlog::warn("websocket client too slow; dropping request_id={}", request_id_);
      closed_ = true;
      CloseSocket();
      return;
    }
    queue_.push_back(std::move(text));
    StartWriting();
  }

  void Close() override {
    asio::post(executor_, [self = this->shared_from_this()] { self->RequestClose(websocket::close_code::normal); });
  }

 private:
  // Closes the socket under whichever stream is in use.
  void CloseSocket() {
    if (!ws_) {
      beast::get_lowest_layer(stream_).close();
    } else if constexpr (std::is_same_v<Stream, TcpStream>) {
      boost::system::error_code ignored;
      ws_->next_layer().close(ignored);
    } else {
      beast::get_lowest_layer(*ws_).close();
    }
  }

  template <class Function>
  asio::awaitable<std::invoke_result_t<Function>> OnWorkers(Function function) {
    // Through std::optional because co_spawn wants a default-constructible result, and Result<T> is not.
    using Value = std::invoke_result_t<Function>;
    auto result = co_await asio::co_spawn(
        server_.workers(), [&function]() -> asio::awaitable<std::optional<Value>> { co_return function(); },
        asio::use_awaitable);
    co_return std::move(*result);
  }

  asio::awaitable<void> Serve() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(server_.options().read_timeout);
      auto [error] = co_await stream_.async_handshake(asio::ssl::stream_base::server, kTuple);
      if (error) co_return;
    }
    beast::flat_buffer buffer;
    bool first = true;
    // A connection accepted while stopping may have missed the stop notice; it is closed here instead.
    while (!server_.stopping()) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(server_.options().header_limit_bytes));
      // The largest limit of any route until the headers say which route this is; then that route's own.
      parser.body_limit(server_.router().LargestBodyLimit(server_.options().body_limit_bytes));
      beast::get_lowest_layer(stream_).expires_after(first ? server_.options().read_timeout
                                                           : server_.options().idle_timeout);
      first = false;
      busy_ = false;
      auto [error, bytes] = co_await http::async_read_header(stream_, buffer, parser, kTuple);
      busy_ = true;
      const auto started = std::chrono::steady_clock::now();
      Request request;
      request.remote_address = peer_address_;
      request.secure = server_.tls();
      request.request_id = NewRequestId();
      if (error == http::error::header_limit) {
        co_await Reply(request,
                       Response::Problem(
                           InvalidArgument("The request headers are too large.").WithReason("header_fields_too_large")),
                       started, false);
        co_return;
      }
      if (error == http::error::body_limit) {      // a declared Content-Length already over every route's limit
        (void)FillRequest(parser.get(), request);  // for the route's own limit in the answer
        co_await Reply(
            request,
            Response::Problem(BodyTooLarge(server_.router().BodyLimit(request, server_.options().body_limit_bytes))),
            started, false);
        co_await DiscardUnreadBody();
        co_return;
      }
      if (error) {
        // A clean close, a timeout, or garbage: only garbage with bytes in hand deserves an answer.
        if (error != http::error::end_of_stream && error != beast::error::timeout && buffer.size() > 0 && !closed_) {
          co_await Reply(request, Response::Problem(InvalidArgument("The request is malformed.")), started, false);
        }
        co_return;
      }
      if (Status status = FillRequest(parser.get(), request); !status.ok()) {
        co_await Reply(request, Response::Problem(status), started, false);
        co_return;
      }
      if (websocket::is_upgrade(parser.get())) {
        co_await RunWebSocket(parser.release(), std::move(request), started);
        co_return;
      }
      const std::size_t body_limit = server_.router().BodyLimit(request, server_.options().body_limit_bytes);
      if (parser.content_length().value_or(0) > body_limit) {
        co_await Reply(request, Response::Problem(BodyTooLarge(body_limit)), started, false);
        co_await DiscardUnreadBody();
        co_return;
      }
      if (!parser.is_done()) parser.body_limit(body_limit);
      beast::get_lowest_layer(stream_).expires_after(server_.options().read_timeout);
      if (!parser.is_done()) {
        if (auto expect = request.Header("expect"); expect && beast::iequals(*expect, "100-continue")) {
          http::response<http::empty_body> go_on{http::status::continue_, 11};
          auto [continue_error, written] = co_await http::async_write(stream_, go_on, kTuple);
          if (continue_error) co_return;
        }
        auto [body_error, body_bytes] = co_await http::async_read(stream_, buffer, parser, kTuple);
        if (body_error == http::error::body_limit) {
          co_await Reply(request, Response::Problem(BodyTooLarge(body_limit)), started, false);
          co_await DiscardUnreadBody();
          co_return;
        }
        if (body_error) co_return;
      }
      const bool keep_alive = parser.get().keep_alive();
      request.body = std::move(parser.get().body());
      // Routes that answer from memory are served here; anything that may block goes to the worker pool.
      std::optional<Response> response = server_.router().TryDispatchWithoutBlocking(request);
      // An if, not `?:`: with GCC 12 a co_await inside a conditional expression crashed here (bad temporaries).
      if (!response) response = co_await OnWorkers([this, &request] { return server_.router().Dispatch(request); });
      if (!co_await Reply(request, std::move(*response), started, keep_alive && !server_.stopping())) co_return;
      if (!keep_alive) co_return;
    }
  }

  // 413, saying what the limit is.
  static Status BodyTooLarge(std::size_t limit) {
    const std::string size = limit >= 1024 * 1024 && limit % (1024 * 1024) == 0
                                 ? std::to_string(limit / (1024 * 1024)) + " MiB"
                                 : std::to_string(limit) + " bytes";
    return InvalidArgument("The request body is larger than the limit of " + size + ".")
        .WithReason("payload_too_large");
  }

  Status FillRequest(const http::request<http::string_body>& message, Request& request) {
    request.method = ParseMethod(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    if (auto id = request.Header("x-request-id"); id && IsValidRequestId(*id)) request.request_id = std::string(*id);
    auto view = server_.proxies().Resolve(peer_address_, server_.tls(), request.Header("x-forwarded-for").value_or(""),
                                          request.Header("x-forwarded-proto").value_or(""));
    request.remote_address = std::move(view.address);
    request.secure = view.secure;
    if (request.target.empty() || request.target.front() != '/') {
      return InvalidArgument("The request target must be an absolute path.");
    }
    std::string_view target = request.target;
    std::size_t question = target.find('?');
    if (question != std::string_view::npos) request.query_string = std::string(target.substr(question + 1));
    auto path = PercentDecode(target.substr(0, question), false);
    if (!path) return InvalidArgument("The request path has a malformed percent-escape.");
    request.path = std::move(*path);
    return Status::Ok();
  }

  // Writes `response`; returns false when the connection is done.
  asio::awaitable<bool> Reply(Request& request, Response response, std::chrono::steady_clock::time_point started,
                              bool keep_alive) {
    AddStandardHeaders(response, request.request_id, request.secure);
    http::response<http::string_body> message{static_cast<http::status>(response.status), 11};
    for (auto& [name, value] : response.headers) message.set(name, value);
    if (response.status == 204 || response.status == 304) {
      message.body().clear();
    } else {
      message.content_length(response.body.size());
      if (request.method != Method::kHead) message.body() = std::move(response.body);
    }
    message.keep_alive(keep_alive);
    auto [error, bytes] = co_await http::async_write(stream_, message, kTuple);
    const auto duration = std::chrono::steady_clock::now() - started;
    // The JSON line is built only when it will be written (the benchmark and many deployments log at warn).
    if (spdlog::should_log(spdlog::level::info)) spdlog::info(AccessLogLine(request, response.status, duration));
    if (server_.options().metrics) RecordHttpMetrics(*server_.options().metrics, request, response.status, duration);
    co_return !error && keep_alive;
  }

  // After refusing a request early (413), the client may still be sending its body; closing at once would reset
  // the connection and the client might never read our answer. Like nginx's lingering close, stop sending, then
  // read and drop what arrives for a short while (bounded in time and bytes) before closing.
  asio::awaitable<void> DiscardUnreadBody() {
    if constexpr (std::is_same_v<Stream, TcpStream>) {
      boost::system::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
      std::array<char, 64 * 1024> scratch;
      std::size_t discarded = 0;
      while (discarded < 16 * 1024 * 1024) {
        auto [read_error, bytes] = co_await stream_.async_read_some(asio::buffer(scratch), kTuple);
        if (read_error) break;
        discarded += bytes;
      }
    }
    co_return;
  }

  void CloseConnection() {
    if (ws_) return;  // the WebSocket closed its own way
    closed_ = true;
    boost::system::error_code ignored;
    if constexpr (std::is_same_v<Stream, TcpStream>) stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    beast::get_lowest_layer(stream_).close();
  }

  // --- WebSocket ---------------------------------------------------------------------------------------------

  asio::awaitable<void> RunWebSocket(http::request<http::string_body> upgrade, Request request,
                                     std::chrono::steady_clock::time_point started) {
    auto factory = co_await OnWorkers([this, &request] { return server_.router().MatchWebSocket(request); });
    if (!factory.ok()) {
      co_await Reply(request, Response::Problem(factory.status()), started, false);
      co_return;
    }
    request_id_ = request.request_id;
    if constexpr (std::is_same_v<Stream, TcpStream>) {
      auto& socket = stream_.socket();
      boost::system::error_code error;
      const auto protocol = socket.local_endpoint(error).protocol();
      const auto* loop = executor_.target<asio::io_context::executor_type>();
      if (error || !loop) co_return;
      const auto handle = socket.release(error);
      if (error) co_return;
      ws_.emplace(*loop, protocol, handle);
    } else {
      ws_.emplace(std::move(stream_));
      beast::get_lowest_layer(*ws_).expires_never();  // the WebSocket's own timeouts take over
    }
    websocket::stream_base::timeout timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.handshake_timeout = server_.options().read_timeout;
    timeouts.idle_timeout = server_.options().websocket_ping_interval;  // a ping at half of it, then drop
    timeouts.keep_alive_pings = true;
    ws_->set_option(timeouts);
    ws_->read_message_max(server_.options().websocket_message_limit);
    const bool secure = request.secure;
    ws_->set_option(websocket::stream_base::decorator([id = request.request_id, secure](websocket::response_type& m) {
      Response headers;
      AddStandardHeaders(headers, id, secure);
      for (auto& [name, value] : headers.headers) m.set(name, value);
    }));
    auto [accept_error] = co_await ws_->async_accept(upgrade, kTuple);
    const auto status = accept_error ? 400 : 101;
    spdlog::info(AccessLogLine(request, status, std::chrono::steady_clock::now() - started));
    if (server_.options().metrics) {
      RecordHttpMetrics(*server_.options().metrics, request, status, std::chrono::steady_clock::now() - started);
    }
    if (accept_error) co_return;
    ws_->text(true);
    handler_ = (*factory)();
    if (!handler_) co_return;
    auto self = this->shared_from_this();
    asio::post(handler_strand_, [handler = handler_, self, request = std::move(request)] {
      Guard([&] { handler->OnOpen(self, request); });
    });
    if (server_.stopping()) RequestClose(websocket::close_code::going_away);
    beast::flat_buffer buffer;
    while (true) {
      auto [error, bytes] = co_await ws_->async_read(buffer, kTuple);
      if (error) break;
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (!ws_->got_text()) continue;  // binary frames are not part of the protocol
      asio::post(handler_strand_,
                 [handler = handler_, text = std::move(text)] { Guard([&] { handler->OnMessage(text); }); });
    }
    closed_ = true;
    queue_.clear();
    // OnClose runs after every queued OnMessage; dropping our reference breaks the handler → peer → handler cycle.
    asio::post(handler_strand_, [handler = std::move(handler_)] { Guard([&] { handler->OnClose(); }); });
  }

  template <class Function>
  static void Guard(Function function) {
    try {
      function();
    } catch (const std::exception& error) {
      spdlog::error("websocket handler failed: {}", error.what());
    } catch (...) {
      spdlog::error("websocket handler failed");
    }
  }

  void RequestClose(websocket::close_code code) {
    if (!ws_ || closed_ || close_code_) return;
    close_code_ = code;
    StartWriting();
  }

  // Drains the queue with plain completion handlers rather than a coroutine per burst: a fan-out to thousands of
  // connections makes this the hottest path of the server.
  void StartWriting() {
    if (writing_ || !ws_) return;
    writing_ = true;
    WriteNext();
  }

  void WriteNext() {
    if (!queue_.empty() && !closed_) {
      ws_->async_write(asio::buffer(*queue_.front()),
                       [self = this->shared_from_this()](const boost::system::error_code& error, std::size_t) {
                         if (error) {
                           self->queue_.clear();
                         } else {
                           self->queue_.pop_front();
                         }
                         self->WriteNext();
                       });
      return;
    }
    if (close_code_ && !closed_ && !close_sent_) {
      close_sent_ = true;
      ws_->async_close(websocket::close_reason(*close_code_),
                       [self = this->shared_from_this()](const boost::system::error_code& error) {
                         if (error) self->CloseSocket();
                         self->writing_ = false;
                       });
      return;
    }
    writing_ = false;
  }

  HttpServer::Impl& server_;
  Stream stream_;
  std::optional<websocket::stream<typename WebSocketLayer<Stream>::type>> ws_;
  asio::any_io_executor executor_;
  asio::strand<asio::thread_pool::executor_type> handler_strand_;
  std::string peer_address_;
  std::string request_id_;
  bool busy_ = false;
  std::atomic<bool> closed_{false};
  // WebSocket state, touched on the connection's loop only.
  std::shared_ptr<WebSocketHandler> handler_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::optional<websocket::close_code> close_code_;
  bool writing_ = false;
  bool close_sent_ = false;
};

}  // namespace chancery::net
