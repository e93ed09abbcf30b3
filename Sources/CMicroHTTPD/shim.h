#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

// libmicrohttpd's start and information calls are variadic, which Swift cannot call: these
// fixed-argument helpers pass on what the server needs.

/// Starts a daemon listening on `address` with an internal thread pool, limits and timeouts;
/// `cert` and `key` (PEM text, or NULL) serve HTTPS.
static inline struct MHD_Daemon *cpd_mhd_start(
    unsigned int flags, const struct sockaddr *address, MHD_AccessHandlerCallback handler, void *cls,
    MHD_RequestCompletedCallback completed, unsigned int threads, unsigned int connection_limit,
    unsigned int per_ip_limit, unsigned int timeout, size_t memory_limit, const char *cert, const char *key) {
  uint16_t port = 0;
  if (address->sa_family == AF_INET) port = ntohs(((const struct sockaddr_in *)address)->sin_port);
  else if (address->sa_family == AF_INET6) port = ntohs(((const struct sockaddr_in6 *)address)->sin6_port);
  if (cert != NULL && key != NULL) {
    return MHD_start_daemon(flags | MHD_USE_TLS, port, NULL, NULL, handler, cls,
      MHD_OPTION_SOCK_ADDR, address, MHD_OPTION_NOTIFY_COMPLETED, completed, cls,
      MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, connection_limit,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_limit, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
      MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
  }
  return MHD_start_daemon(flags, port, NULL, NULL, handler, cls,
    MHD_OPTION_SOCK_ADDR, address, MHD_OPTION_NOTIFY_COMPLETED, completed, cls,
    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, connection_limit,
    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_limit, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit, MHD_OPTION_END);
}

/// The port a daemon listens on (useful after binding port 0).
static inline uint16_t cpd_mhd_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}

/// The client's address as text (IPv4 or IPv6), written into `out`; empty when unknown.
static inline void cpd_mhd_client_address(struct MHD_Connection *connection, char *out, size_t size) {
  out[0] = 0;
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL) return;
  const struct sockaddr *a = info->client_addr;
  if (a->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr, out, (socklen_t)size);
  else if (a->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)a)->sin6_addr, out, (socklen_t)size);
}
