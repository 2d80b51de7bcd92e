//! A minimal HTTP/1.1 accept loop that owns its connections, so that "power off" really drops every
//! open socket (axum::serve would keep established keep-alive and SSE connections running).

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

pub struct Server {
    pub addr: SocketAddr,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Serves `router` on `listener` until [`Server::stop`] or `parent` is cancelled.
    pub fn start(
        listener: TcpListener,
        router: axum::Router,
        parent: &CancellationToken,
    ) -> Server {
        let addr = listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        let cancel = parent.child_token();
        let c = cancel.clone();
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                tokio::select! {
                    _ = c.cancelled() => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let _ = stream.set_nodelay(true);
                        let svc = TowerToHyperService::new(router.clone());
                        conns.spawn(async move {
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), svc)
                                .await;
                        });
                    }
                    Some(_) = conns.join_next(), if !conns.is_empty() => {}
                }
            }
            // Dropping the listener and aborting the connections closes every socket at once.
            conns.abort_all();
        });
        Server { addr, cancel, task }
    }

    /// Stops serving, waits until every socket is closed and returns the address it had.
    pub async fn stop(self) -> SocketAddr {
        self.cancel.cancel();
        let _ = self.task.await;
        self.addr
    }
}
