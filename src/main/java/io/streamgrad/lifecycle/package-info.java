/** Resource lifecycle helpers shared by the layers that start things: the pipeline, metrics and serving. */
package io.streamgrad.lifecycle;
