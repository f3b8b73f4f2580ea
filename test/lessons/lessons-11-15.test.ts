import { lessonsCheckSlice } from './lessons-check-slice.ts';

lessonsCheckSlice(11, 15);
