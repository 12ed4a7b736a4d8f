//! Every item of a paged operation, as one stream.

use std::collections::VecDeque;

use ccapi_support::Paged;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use crate::client::Client;
use crate::error::Error;

impl Client {
    /// Every item of a paged operation, from the request's offset on, fetching pages of the
    /// request's page size (the largest page the vendor serves when unset) as the stream is read.
    ///
    /// Ends after a short page, an empty page, or when the response's total is reached; a failed
    /// page (after retries) is yielded as an error and ends the stream.
    pub fn paginate<O: Paged>(&self, request: O::Request) -> BoxStream<'static, Result<O::Item, Error<O::ErrorCode>>> {
        let page_size = match (O::page_size(&request), O::MAX_PAGE_SIZE) {
            (Some(asked), Some(max)) => asked.min(max),
            (Some(asked), None) => asked,
            (None, max) => max.or(O::DEFAULT_PAGE_SIZE).unwrap_or(100),
        }
        .max(1);
        let state =
            State::<O> { client: self.clone(), request, offset: None, buffer: VecDeque::new(), done: false, page_size };
        futures_util::stream::unfold(state, |mut s| async move {
            loop {
                if let Some(item) = s.buffer.pop_front() {
                    return Some((Ok(item), s));
                }
                if s.done {
                    return None;
                }
                let offset = *s.offset.get_or_insert_with(|| O::offset(&s.request));
                let page = O::with_page(&s.request, offset, s.page_size);
                match s.client.call::<O>(&page).await {
                    Ok(response) => {
                        let total = O::total(&response);
                        let items = O::into_items(response);
                        let n = items.len() as u64;
                        let next = offset + n;
                        s.done = n == 0 || n < s.page_size || total.is_some_and(|t| next >= t);
                        s.offset = Some(next);
                        s.buffer.extend(items);
                    }
                    Err(e) => {
                        s.done = true;
                        return Some((Err(e), s));
                    }
                }
            }
        })
        .boxed()
    }
}

struct State<O: Paged> {
    client: Client,
    request: O::Request,
    offset: Option<u64>,
    buffer: VecDeque<O::Item>,
    done: bool,
    page_size: u64,
}
