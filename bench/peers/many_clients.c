/*
 * The load generator of the `many` benchmark, in C so that it is cheap: one thread, epoll, CLIENTS
 * connections to 127.0.0.1:PORT, each sending MESSAGES length-prefixed messages (4-byte big-endian
 * length, then the payload) and keeping at most WINDOW of them in flight (1 = send the next only once
 * the echo of the last arrived). Every echo is checked byte for byte against what was sent.
 *
 * Why C: a Node client spends more CPU per message than either server under test (about 28 µs against
 * 13-22 µs measured here), so with Node on both ends the ratio measured the client, not the servers.
 * This client costs a few µs per message, so the server is what limits the throughput.
 *
 * Prints "ready" once every connection is up (after a pause that lets the server accept them all),
 * "finished" once every echo arrived (before closing anything), then one JSON object: messages,
 * corrupted, started, ended (ms since the epoch), cpuMs (this process), latencies (ms, sorted). So the
 * caller can read the server's CPU time between the two lines: messages only, no accept, no close.
 * Build: cc -O2 -o many_clients many_clients.c    Usage: many_clients PORT CLIENTS MESSAGES WINDOW
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define INBOX_BYTES 65536

struct client {
  int fd;
  int id;
  int sent;      /* messages written */
  int echoed;    /* echoes received and checked */
  size_t held;   /* bytes waiting in inbox */
  unsigned char inbox[INBOX_BYTES];
  double *sent_at;
};

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double epoch_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void fail(const char *what) {
  perror(what);
  exit(1);
}

/* The payload of message `n` of client `id`: the same text the Node client sends. */
static int payload(char *out, size_t room, int id, int n) {
  return snprintf(out, room, "client %d/%d message %d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", (int)getpid(), id, n);
}

/* Write messages until WINDOW are in flight or all are sent; one write() for the batch. */
static void send_more(struct client *c, int messages, int window) {
  unsigned char out[INBOX_BYTES];
  size_t used = 0;
  while (c->sent < messages && c->sent - c->echoed < window && used + 256 < sizeof out) {
    int length = payload((char *)out + used + 4, 250, c->id, c->sent);
    uint32_t prefix = htonl((uint32_t)length);
    memcpy(out + used, &prefix, 4);
    used += 4 + (size_t)length;
    c->sent_at[c->sent] = now_ms();
    c->sent += 1;
  }
  if (used == 0) return;
  ssize_t written = write(c->fd, out, used);
  if (written != (ssize_t)used) fail("write (short write: the server stopped reading)");
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s PORT CLIENTS MESSAGES WINDOW\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]), count = atoi(argv[2]), messages = atoi(argv[3]), window = atoi(argv[4]);
  struct client *clients = calloc((size_t)count, sizeof *clients);
  double *latencies = malloc(sizeof(double) * (size_t)count * (size_t)messages);
  if (clients == NULL || latencies == NULL) fail("calloc");
  int epoll = epoll_create1(0);
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);

  for (int i = 0; i < count; i++) {
    struct client *c = &clients[i];
    c->id = i;
    c->sent_at = malloc(sizeof(double) * (size_t)messages);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&address, sizeof address) < 0) fail("connect");
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event event = { .events = EPOLLIN, .data.ptr = c };
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, c->fd, &event) < 0) fail("epoll_ctl");
  }

  usleep(500000);
  printf("ready\n");
  fflush(stdout);
  usleep(100000);

  struct rusage before;
  getrusage(RUSAGE_SELF, &before);
  double started = epoch_ms();
  long recorded = 0, corrupted = 0;
  int finished = 0;
  for (int i = 0; i < count; i++) send_more(&clients[i], messages, window);

  struct epoll_event events[256];
  while (finished < count) {
    int ready = epoll_wait(epoll, events, 256, 30000);
    if (ready == 0) {
      fprintf(stderr, "many_clients: no echo for 30 s, %d of %d clients finished\n", finished, count);
      return 1;
    }
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail("epoll_wait");
    }
    for (int e = 0; e < ready; e++) {
      struct client *c = events[e].data.ptr;
      ssize_t got = read(c->fd, c->inbox + c->held, sizeof c->inbox - c->held);
      if (got <= 0) {
        fprintf(stderr, "many_clients: client %d closed after %d of %d echoes\n", c->id, c->echoed, messages);
        return 1;
      }
      c->held += (size_t)got;
      size_t at = 0;
      while (c->held - at >= 4) {
        uint32_t prefix;
        memcpy(&prefix, c->inbox + at, 4);
        size_t length = ntohl(prefix);
        if (c->held - at < 4 + length) break;
        char expected[256];
        int expected_length = payload(expected, sizeof expected, c->id, c->echoed);
        if ((size_t)expected_length != length || memcmp(expected, c->inbox + at + 4, length) != 0) corrupted += 1;
        latencies[recorded++] = now_ms() - c->sent_at[c->echoed];
        c->echoed += 1;
        at += 4 + length;
      }
      memmove(c->inbox, c->inbox + at, c->held - at);
      c->held -= at;
      if (c->echoed == messages) {
        finished += 1;
      } else {
        send_more(c, messages, window);
      }
    }
  }
  double ended = epoch_ms();
  struct rusage after;
  getrusage(RUSAGE_SELF, &after);
  printf("finished\n");
  fflush(stdout);
  usleep(200000);
  for (int i = 0; i < count; i++) close(clients[i].fd);
  double cpu_ms = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e3 + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e3 +
                  (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e3 + (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e3;

  qsort(latencies, (size_t)recorded, sizeof(double), compare_doubles);
  printf("{\"messages\":%ld,\"corrupted\":%ld,\"started\":%.3f,\"ended\":%.3f,\"cpuMs\":%.1f,\"latencies\":[", recorded, corrupted,
         started, ended, cpu_ms);
  for (long i = 0; i < recorded; i++) printf(i ? ",%.3f" : "%.3f", latencies[i]);
  printf("]}\n");
  return 0;
}
